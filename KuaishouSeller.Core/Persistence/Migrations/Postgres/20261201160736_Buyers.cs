using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace KuaishouSeller.Core.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Buyers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Buyers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Nickname = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Name = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Phone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Region = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Street = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Buyers", x => x.Id);
                });

            migrationBuilder.UpdateData(
                table: "Roles",
                keyColumn: "Id",
                keyValue: 1L,
                column: "Permissions",
                value: "dashboard.view,shops.view,shops.manage,catalog.view,catalog.edit,prices.edit,stock.view,stock.adjust,plan.edit,scores.view,campaigns.view,campaigns.register,service.handle,orders.view,orders.fulfil,aftersales.handle,buyers.reveal,finance.view,staff.manage,roles.manage,delegations.manage,audit.view");

            migrationBuilder.UpdateData(
                table: "Roles",
                keyColumn: "Id",
                keyValue: 2L,
                column: "Permissions",
                value: "dashboard.view,shops.view,shops.manage,catalog.view,catalog.edit,prices.edit,stock.view,stock.adjust,plan.edit,scores.view,campaigns.view,campaigns.register,service.handle,orders.view,orders.fulfil,aftersales.handle,buyers.reveal,finance.view,staff.manage,roles.manage,audit.view");

            migrationBuilder.UpdateData(
                table: "Roles",
                keyColumn: "Id",
                keyValue: 3L,
                column: "Permissions",
                value: "dashboard.view,shops.view,catalog.view,catalog.edit,prices.edit,stock.view,plan.edit,scores.view,campaigns.view,campaigns.register,orders.view,orders.fulfil");

            migrationBuilder.UpdateData(
                table: "Roles",
                keyColumn: "Id",
                keyValue: 4L,
                column: "Permissions",
                value: "dashboard.view,catalog.view,stock.view,stock.adjust,orders.view,orders.fulfil");

            migrationBuilder.UpdateData(
                table: "Roles",
                keyColumn: "Id",
                keyValue: 5L,
                column: "Permissions",
                value: "dashboard.view,shops.view,scores.view,service.handle,orders.view,aftersales.handle,buyers.reveal");

            migrationBuilder.UpdateData(
                table: "Roles",
                keyColumn: "Id",
                keyValue: 6L,
                column: "Permissions",
                value: "dashboard.view,shops.view,orders.view,finance.view");

            migrationBuilder.UpdateData(
                table: "Roles",
                keyColumn: "Id",
                keyValue: 7L,
                column: "Permissions",
                value: "dashboard.view,shops.view,catalog.view,stock.view,scores.view,campaigns.view,orders.view,finance.view");

            migrationBuilder.CreateIndex(
                name: "IX_Buyers_Phone",
                table: "Buyers",
                column: "Phone");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Buyers");

            migrationBuilder.UpdateData(
                table: "Roles",
                keyColumn: "Id",
                keyValue: 1L,
                column: "Permissions",
                value: "dashboard.view,shops.view,shops.manage,catalog.view,catalog.edit,prices.edit,stock.view,stock.adjust,plan.edit,scores.view,campaigns.view,campaigns.register,service.handle,finance.view,staff.manage,roles.manage,delegations.manage,audit.view");

            migrationBuilder.UpdateData(
                table: "Roles",
                keyColumn: "Id",
                keyValue: 2L,
                column: "Permissions",
                value: "dashboard.view,shops.view,shops.manage,catalog.view,catalog.edit,prices.edit,stock.view,stock.adjust,plan.edit,scores.view,campaigns.view,campaigns.register,service.handle,finance.view,staff.manage,roles.manage,audit.view");

            migrationBuilder.UpdateData(
                table: "Roles",
                keyColumn: "Id",
                keyValue: 3L,
                column: "Permissions",
                value: "dashboard.view,shops.view,catalog.view,catalog.edit,prices.edit,stock.view,plan.edit,scores.view,campaigns.view,campaigns.register");

            migrationBuilder.UpdateData(
                table: "Roles",
                keyColumn: "Id",
                keyValue: 4L,
                column: "Permissions",
                value: "dashboard.view,catalog.view,stock.view,stock.adjust");

            migrationBuilder.UpdateData(
                table: "Roles",
                keyColumn: "Id",
                keyValue: 5L,
                column: "Permissions",
                value: "dashboard.view,shops.view,scores.view,service.handle");

            migrationBuilder.UpdateData(
                table: "Roles",
                keyColumn: "Id",
                keyValue: 6L,
                column: "Permissions",
                value: "dashboard.view,shops.view,finance.view");

            migrationBuilder.UpdateData(
                table: "Roles",
                keyColumn: "Id",
                keyValue: 7L,
                column: "Permissions",
                value: "dashboard.view,shops.view,catalog.view,stock.view,scores.view,campaigns.view,finance.view");
        }
    }
}
