using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KuaishouSeller.Core.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class MerchantToShipIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Orders_MerchantId_Status_PaidAt_Id",
                table: "Orders",
                columns: new[] { "MerchantId", "Status", "PaidAt", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Orders_MerchantId_Status_PaidAt_Id",
                table: "Orders");
        }
    }
}
