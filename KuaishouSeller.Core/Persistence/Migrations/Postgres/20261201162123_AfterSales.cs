using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KuaishouSeller.Core.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AfterSales : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "BuyerWords",
                table: "Refunds",
                type: "character varying(500)",
                maxLength: 500,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "CompletedAt",
                table: "Refunds",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "HandledAt",
                table: "Refunds",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "HandledBy",
                table: "Refunds",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Kind",
                table: "Refunds",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<int>(
                name: "Outcome",
                table: "Refunds",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RejectReason",
                table: "Refunds",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "RespondDueAt",
                table: "Refunds",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<DateTime>(
                name: "ReturnArrivedAt",
                table: "Refunds",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReturnCarrier",
                table: "Refunds",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ReturnDueAt",
                table: "Refunds",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ReturnShippedAt",
                table: "Refunds",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReturnWaybill",
                table: "Refunds",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            // Requests from before the after-sales desk: their 48-hour answer deadline follows from when they were made.
            migrationBuilder.Sql("""
                UPDATE "Refunds" SET "RespondDueAt" = "RequestedAt" + interval '48 hours';
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Refunds_ShopId_Status_RespondDueAt",
                table: "Refunds",
                columns: new[] { "ShopId", "Status", "RespondDueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Refunds_Status_RespondDueAt",
                table: "Refunds",
                columns: new[] { "Status", "RespondDueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Refunds_Status_ReturnDueAt",
                table: "Refunds",
                columns: new[] { "Status", "ReturnDueAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Refunds_ShopId_Status_RespondDueAt",
                table: "Refunds");

            migrationBuilder.DropIndex(
                name: "IX_Refunds_Status_RespondDueAt",
                table: "Refunds");

            migrationBuilder.DropIndex(
                name: "IX_Refunds_Status_ReturnDueAt",
                table: "Refunds");

            migrationBuilder.DropColumn(
                name: "BuyerWords",
                table: "Refunds");

            migrationBuilder.DropColumn(
                name: "CompletedAt",
                table: "Refunds");

            migrationBuilder.DropColumn(
                name: "HandledAt",
                table: "Refunds");

            migrationBuilder.DropColumn(
                name: "HandledBy",
                table: "Refunds");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "Refunds");

            migrationBuilder.DropColumn(
                name: "Outcome",
                table: "Refunds");

            migrationBuilder.DropColumn(
                name: "RejectReason",
                table: "Refunds");

            migrationBuilder.DropColumn(
                name: "RespondDueAt",
                table: "Refunds");

            migrationBuilder.DropColumn(
                name: "ReturnArrivedAt",
                table: "Refunds");

            migrationBuilder.DropColumn(
                name: "ReturnCarrier",
                table: "Refunds");

            migrationBuilder.DropColumn(
                name: "ReturnDueAt",
                table: "Refunds");

            migrationBuilder.DropColumn(
                name: "ReturnShippedAt",
                table: "Refunds");

            migrationBuilder.DropColumn(
                name: "ReturnWaybill",
                table: "Refunds");
        }
    }
}
