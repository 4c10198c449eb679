using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KuaishouSeller.Core.Persistence.Migrations.Sqlite
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
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<DateTime>(
                name: "DeliveryDueAt",
                table: "Orders",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<DateTime>(
                name: "PickupDueAt",
                table: "Orders",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<DateTime>(
                name: "FirstRepliedAt",
                table: "ChatSessions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ReplyDueAt",
                table: "ChatSessions",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            // Deadlines of the facts already stored (DueRules: 48 h pickup, 5 days delivery, 3 days refund handling, 3 min
            // reply), in the text format EF writes for a DateTime.
            migrationBuilder.Sql("""
                UPDATE "Orders" SET
                    "PickupDueAt" = rtrim(rtrim(strftime('%Y-%m-%d %H:%M:%f', "PaidAt", '+48 hours'), '0'), '.'),
                    "DeliveryDueAt" = rtrim(rtrim(strftime('%Y-%m-%d %H:%M:%f', "PaidAt", '+5 days'), '0'), '.');
                """);
            migrationBuilder.Sql("""
                UPDATE "Refunds" SET "HandlingDueAt" = rtrim(rtrim(strftime('%Y-%m-%d %H:%M:%f', "RequestedAt", '+3 days'), '0'), '.');
                """);
            migrationBuilder.Sql("""
                UPDATE "ChatSessions" SET
                    "ReplyDueAt" = rtrim(rtrim(strftime('%Y-%m-%d %H:%M:%f', "StartedAt", '+180 seconds'), '0'), '.'),
                    "FirstRepliedAt" = CASE WHEN "FirstResponseSeconds" IS NULL THEN NULL
                        ELSE rtrim(rtrim(strftime('%Y-%m-%d %H:%M:%f', "StartedAt", '+' || "FirstResponseSeconds" || ' seconds'), '0'), '.') END;
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
