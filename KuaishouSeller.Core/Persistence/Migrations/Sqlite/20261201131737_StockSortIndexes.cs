using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KuaishouSeller.Core.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class StockSortIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_StockItems_MerchantId_OnHand_SkuId",
                table: "StockItems",
                columns: new[] { "MerchantId", "OnHand", "SkuId" });

            migrationBuilder.CreateIndex(
                name: "IX_StockItems_MerchantId_Reserved_SkuId",
                table: "StockItems",
                columns: new[] { "MerchantId", "Reserved", "SkuId" });

            // Sorting the pool by available stock (the same expression as StockRules.Available), served from an index.
            migrationBuilder.Sql("""
                CREATE INDEX "IX_StockItems_MerchantId_Available_SkuId" ON "StockItems" ("MerchantId", ("OnHand" - "Reserved" - "CampaignLocked"), "SkuId");
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP INDEX "IX_StockItems_MerchantId_Available_SkuId";""");

            migrationBuilder.DropIndex(
                name: "IX_StockItems_MerchantId_OnHand_SkuId",
                table: "StockItems");

            migrationBuilder.DropIndex(
                name: "IX_StockItems_MerchantId_Reserved_SkuId",
                table: "StockItems");
        }
    }
}
