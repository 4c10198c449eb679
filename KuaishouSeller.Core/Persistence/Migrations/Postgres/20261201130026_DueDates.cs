using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KuaishouSeller.Core.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DueDates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "HandlingDueAt",
                table: "Refunds",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<DateTime>(
                name: "DeliveryDueAt",
                table: "Orders",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<DateTime>(
                name: "PickupDueAt",
                table: "Orders",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<DateTime>(
                name: "FirstRepliedAt",
                table: "ChatSessions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ReplyDueAt",
                table: "ChatSessions",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            // Deadlines of the facts already stored (DueRules: 48 h pickup, 5 days delivery, 3 days refund handling, 3 min reply).
            migrationBuilder.Sql("""
                UPDATE "Orders" SET "PickupDueAt" = "PaidAt" + interval '48 hours', "DeliveryDueAt" = "PaidAt" + interval '120 hours';
                """);
            migrationBuilder.Sql("""
                UPDATE "Refunds" SET "HandlingDueAt" = "RequestedAt" + interval '72 hours';
                """);
            migrationBuilder.Sql("""
                UPDATE "ChatSessions" SET "ReplyDueAt" = "StartedAt" + interval '180 seconds',
                    "FirstRepliedAt" = "StartedAt" + make_interval(secs => "FirstResponseSeconds");
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "HandlingDueAt",
                table: "Refunds");

            migrationBuilder.DropColumn(
                name: "DeliveryDueAt",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "PickupDueAt",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "FirstRepliedAt",
                table: "ChatSessions");

            migrationBuilder.DropColumn(
                name: "ReplyDueAt",
                table: "ChatSessions");
        }
    }
}
