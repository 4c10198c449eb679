using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KuaishouSeller.Core.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DailyRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DailyListingSales",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    ShopId = table.Column<long>(type: "bigint", nullable: false),
                    ListingId = table.Column<long>(type: "bigint", nullable: false),
                    Orders = table.Column<int>(type: "integer", nullable: false),
                    GmvFen = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DailyListingSales", x => new { x.ShopId, x.Day, x.ListingId });
                });

            migrationBuilder.CreateTable(
                name: "DailyPartnerSales",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    ShopId = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    PartnerId = table.Column<long>(type: "bigint", nullable: false),
                    Orders = table.Column<int>(type: "integer", nullable: false),
                    GmvFen = table.Column<long>(type: "bigint", nullable: false),
                    CommissionFen = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DailyPartnerSales", x => new { x.ShopId, x.Day, x.Kind, x.PartnerId });
                });

            migrationBuilder.CreateTable(
                name: "DailySales",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    ShopId = table.Column<long>(type: "bigint", nullable: false),
                    Channel = table.Column<int>(type: "integer", nullable: false),
                    Entrance = table.Column<int>(type: "integer", nullable: false),
                    MerchantId = table.Column<long>(type: "bigint", nullable: false),
                    Orders = table.Column<int>(type: "integer", nullable: false),
                    GmvFen = table.Column<long>(type: "bigint", nullable: false),
                    CommissionFen = table.Column<long>(type: "bigint", nullable: false),
                    Buyers = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DailySales", x => new { x.ShopId, x.Day, x.Channel, x.Entrance });
                });

            migrationBuilder.CreateTable(
                name: "RollupStates",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    RefreshedThrough = table.Column<DateOnly>(type: "date", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RollupStates", x => x.Id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DailyListingSales");

            migrationBuilder.DropTable(
                name: "DailyPartnerSales");

            migrationBuilder.DropTable(
                name: "DailySales");

            migrationBuilder.DropTable(
                name: "RollupStates");
        }
    }
}
