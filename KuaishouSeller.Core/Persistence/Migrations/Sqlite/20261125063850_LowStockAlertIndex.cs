using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KuaishouSeller.Core.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LowStockAlertIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_StockItems_LowStock",
                table: "StockItems",
                column: "MerchantId",
                filter: "\"OnHand\" - \"Reserved\" - \"CampaignLocked\" <= \"LowStockThreshold\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_StockItems_LowStock",
                table: "StockItems");
        }
    }
}
