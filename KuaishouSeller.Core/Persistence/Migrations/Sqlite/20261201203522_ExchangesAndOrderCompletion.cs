using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KuaishouSeller.Core.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ExchangesAndOrderCompletion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ReplacementCarrier",
                table: "Refunds",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReplacementWaybill",
                table: "Refunds",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Orders_Status_DeliveredAt",
                table: "Orders",
                columns: new[] { "Status", "DeliveredAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Orders_Status_DeliveredAt",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "ReplacementCarrier",
                table: "Refunds");

            migrationBuilder.DropColumn(
                name: "ReplacementWaybill",
                table: "Refunds");
        }
    }
}
