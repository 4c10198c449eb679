using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KuaishouSeller.Core.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class StockQuotasPlanAndImport : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "CK_StockItems_NotOversold",
                table: "StockItems");

            migrationBuilder.AddColumn<int>(
                name: "QuotaDelta",
                table: "StockLedger",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "ShopId",
                table: "StockLedger",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "QuotaAllocated",
                table: "StockItems",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "ImportStagingRows",
                columns: table => new
                {
                    BatchId = table.Column<long>(type: "INTEGER", nullable: false),
                    RowNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    SkuId = table.Column<long>(type: "INTEGER", nullable: false),
                    ShopId = table.Column<long>(type: "INTEGER", nullable: true),
                    Amount = table.Column<long>(type: "INTEGER", nullable: true),
                    Threshold = table.Column<int>(type: "INTEGER", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImportStagingRows", x => new { x.BatchId, x.RowNumber });
                });

            migrationBuilder.CreateTable(
                name: "PlanTargets",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MerchantId = table.Column<long>(type: "INTEGER", nullable: false),
                    ShopId = table.Column<long>(type: "INTEGER", nullable: false),
                    Month = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Channel = table.Column<int>(type: "INTEGER", nullable: false),
                    GmvTargetFen = table.Column<long>(type: "INTEGER", nullable: false),
                    OrdersTarget = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlanTargets", x => x.Id);
                    table.CheckConstraint("CK_PlanTargets_NotNegative", "\"GmvTargetFen\" >= 0 AND \"OrdersTarget\" >= 0");
                    table.ForeignKey(
                        name: "FK_PlanTargets_Shops_ShopId",
                        column: x => x.ShopId,
                        principalTable: "Shops",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ShopStockQuotas",
                columns: table => new
                {
                    SkuId = table.Column<long>(type: "INTEGER", nullable: false),
                    ShopId = table.Column<long>(type: "INTEGER", nullable: false),
                    MerchantId = table.Column<long>(type: "INTEGER", nullable: false),
                    Remaining = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ShopStockQuotas", x => new { x.SkuId, x.ShopId });
                    table.CheckConstraint("CK_ShopStockQuotas_NotNegative", "\"Remaining\" >= 0");
                    table.ForeignKey(
                        name: "FK_ShopStockQuotas_Shops_ShopId",
                        column: x => x.ShopId,
                        principalTable: "Shops",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ShopStockQuotas_StockItems_SkuId",
                        column: x => x.SkuId,
                        principalTable: "StockItems",
                        principalColumn: "SkuId",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.AddCheckConstraint(
                name: "CK_StockItems_NotOversold",
                table: "StockItems",
                sql: "\"OnHand\" >= 0 AND \"Reserved\" >= 0 AND \"CampaignLocked\" >= 0 AND \"QuotaAllocated\" >= 0 AND \"LowStockThreshold\" >= 0 AND \"Reserved\" + \"CampaignLocked\" + \"QuotaAllocated\" <= \"OnHand\"");

            migrationBuilder.CreateIndex(
                name: "IX_ImportStagingRows_BatchId_SkuId",
                table: "ImportStagingRows",
                columns: new[] { "BatchId", "SkuId" });

            migrationBuilder.CreateIndex(
                name: "IX_PlanTargets_MerchantId_Month",
                table: "PlanTargets",
                columns: new[] { "MerchantId", "Month" });

            migrationBuilder.CreateIndex(
                name: "IX_PlanTargets_ShopId_Month_Channel",
                table: "PlanTargets",
                columns: new[] { "ShopId", "Month", "Channel" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ShopStockQuotas_ShopId",
                table: "ShopStockQuotas",
                column: "ShopId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ImportStagingRows");

            migrationBuilder.DropTable(
                name: "PlanTargets");

            migrationBuilder.DropTable(
                name: "ShopStockQuotas");

            migrationBuilder.DropCheckConstraint(
                name: "CK_StockItems_NotOversold",
                table: "StockItems");

            migrationBuilder.DropColumn(
                name: "QuotaDelta",
                table: "StockLedger");

            migrationBuilder.DropColumn(
                name: "ShopId",
                table: "StockLedger");

            migrationBuilder.DropColumn(
                name: "QuotaAllocated",
                table: "StockItems");

            migrationBuilder.AddCheckConstraint(
                name: "CK_StockItems_NotOversold",
                table: "StockItems",
                sql: "\"OnHand\" >= 0 AND \"Reserved\" >= 0 AND \"CampaignLocked\" >= 0 AND \"Reserved\" + \"CampaignLocked\" <= \"OnHand\"");
        }
    }
}
