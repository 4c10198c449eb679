using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KuaishouSeller.Core.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OrdersAndShipping : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Orders_MerchantId_PaidAt",
                table: "Orders");

            migrationBuilder.DropIndex(
                name: "IX_Orders_ShopId_PaidAt",
                table: "Orders");

            migrationBuilder.AddColumn<string>(
                name: "CancelReason",
                table: "Orders",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "CancelledAt",
                table: "Orders",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CancelledBy",
                table: "Orders",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Carrier",
                table: "Orders",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ReservedFrom",
                table: "Orders",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "ShippedBy",
                table: "Orders",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WaybillNo",
                table: "Orders",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Orders_BuyerId",
                table: "Orders",
                column: "BuyerId");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_MerchantId_PaidAt_Id",
                table: "Orders",
                columns: new[] { "MerchantId", "PaidAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Orders_ShopId_PaidAt_Id",
                table: "Orders",
                columns: new[] { "ShopId", "PaidAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Orders_ShopId_Status_PaidAt_Id",
                table: "Orders",
                columns: new[] { "ShopId", "Status", "PaidAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Orders_ShopId_Status_PickupDueAt",
                table: "Orders",
                columns: new[] { "ShopId", "Status", "PickupDueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Orders_WaybillNo_Carrier",
                table: "Orders",
                columns: new[] { "WaybillNo", "Carrier" },
                unique: true,
                filter: "\"WaybillNo\" IS NOT NULL");
            // Parcels the carrier already picked up are in the new PickedUp state (before it existed they stayed Shipped).
            migrationBuilder.Sql("UPDATE \"Orders\" SET \"Status\" = 7 WHERE \"Status\" = 2 AND \"PickedUpAt\" IS NOT NULL;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Orders_BuyerId",
                table: "Orders");

            migrationBuilder.DropIndex(
                name: "IX_Orders_MerchantId_PaidAt_Id",
                table: "Orders");

            migrationBuilder.DropIndex(
                name: "IX_Orders_ShopId_PaidAt_Id",
                table: "Orders");

            migrationBuilder.DropIndex(
                name: "IX_Orders_ShopId_Status_PaidAt_Id",
                table: "Orders");

            migrationBuilder.DropIndex(
                name: "IX_Orders_ShopId_Status_PickupDueAt",
                table: "Orders");

            migrationBuilder.DropIndex(
                name: "IX_Orders_WaybillNo_Carrier",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "CancelReason",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "CancelledAt",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "CancelledBy",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "Carrier",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "ReservedFrom",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "ShippedBy",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "WaybillNo",
                table: "Orders");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_MerchantId_PaidAt",
                table: "Orders",
                columns: new[] { "MerchantId", "PaidAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Orders_ShopId_PaidAt",
                table: "Orders",
                columns: new[] { "ShopId", "PaidAt" });
        }
    }
}
