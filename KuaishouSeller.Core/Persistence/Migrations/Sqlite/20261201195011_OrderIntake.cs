using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KuaishouSeller.Core.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OrderIntake : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "IntakeId",
                table: "Orders",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "IntakeOrders",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MerchantId = table.Column<long>(type: "INTEGER", nullable: false),
                    ShopId = table.Column<long>(type: "INTEGER", nullable: false),
                    ExternalId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    BodyHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IntakeOrders", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IntakeOrders_Shops_ShopId",
                        column: x => x.ShopId,
                        principalTable: "Shops",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Orders_IntakeId",
                table: "Orders",
                column: "IntakeId");

            migrationBuilder.CreateIndex(
                name: "IX_IntakeOrders_MerchantId_IdempotencyKey",
                table: "IntakeOrders",
                columns: new[] { "MerchantId", "IdempotencyKey" },
                unique: true,
                filter: "\"IdempotencyKey\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_IntakeOrders_ShopId_ExternalId",
                table: "IntakeOrders",
                columns: new[] { "ShopId", "ExternalId" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_Orders_IntakeOrders_IntakeId",
                table: "Orders",
                column: "IntakeId",
                principalTable: "IntakeOrders",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Orders_IntakeOrders_IntakeId",
                table: "Orders");

            migrationBuilder.DropTable(
                name: "IntakeOrders");

            migrationBuilder.DropIndex(
                name: "IX_Orders_IntakeId",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "IntakeId",
                table: "Orders");
        }
    }
}
