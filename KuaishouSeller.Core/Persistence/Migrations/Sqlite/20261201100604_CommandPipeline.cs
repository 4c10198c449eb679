using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KuaishouSeller.Core.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CommandPipeline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WorkspaceVisits_UserId_OrganisationId_ShopId",
                table: "WorkspaceVisits");

            migrationBuilder.AddColumn<string>(
                name: "Subject",
                table: "AuditLog",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            // One row per user and workspace before the unique indexes below: keep the most recently used copy (then the
            // newest), and keep it a favourite if any copy was one.
            migrationBuilder.Sql("""
                UPDATE "WorkspaceVisits" SET "IsFavourite" = 1
                WHERE "Id" IN (
                    SELECT "Id" FROM (
                        SELECT "Id", "IsFavourite",
                               ROW_NUMBER() OVER (PARTITION BY "UserId", "OrganisationId", "ShopId"
                                                  ORDER BY "LastUsedAt" DESC NULLS LAST, "Id" DESC) AS "Rank",
                               MAX("IsFavourite") OVER (PARTITION BY "UserId", "OrganisationId", "ShopId") AS "AnyFavourite"
                        FROM "WorkspaceVisits") AS ranked
                    WHERE "Rank" = 1 AND "AnyFavourite" = 1 AND "IsFavourite" <> 1);
                """);
            migrationBuilder.Sql("""
                DELETE FROM "WorkspaceVisits"
                WHERE "Id" IN (
                    SELECT "Id" FROM (
                        SELECT "Id",
                               ROW_NUMBER() OVER (PARTITION BY "UserId", "OrganisationId", "ShopId"
                                                  ORDER BY "LastUsedAt" DESC NULLS LAST, "Id" DESC) AS "Rank"
                        FROM "WorkspaceVisits") AS ranked
                    WHERE "Rank" > 1);
                """);

            // Ledger rows the system wrote carried a fixed two-language reason; the movement kind already says it and
            // pages render the kind in the reader's language. Order intake is named as the system actor it is.
            migrationBuilder.Sql("""
                UPDATE "StockLedger" SET "Reason" = ''
                WHERE "Reason" IN (
                    '下单预占 Order reservation',
                    '发货 Shipment',
                    '取消释放 Cancellation release',
                    '退货入库 Return',
                    '活动锁定 Campaign lock',
                    '活动解锁 Campaign unlock',
                    '配额调拨 Quota move',
                    '期初库存 Opening balance',
                    '直播间专享配额 Live-room allocation');
                """);
            migrationBuilder.Sql("""
                UPDATE "StockLedger" SET "Actor" = 'system:OrderIntake' WHERE "Actor" = 'order';
                """);

            migrationBuilder.CreateIndex(
                name: "IX_WorkspaceVisits_AllShops",
                table: "WorkspaceVisits",
                columns: new[] { "UserId", "OrganisationId" },
                unique: true,
                filter: "\"ShopId\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_WorkspaceVisits_Shop",
                table: "WorkspaceVisits",
                columns: new[] { "UserId", "OrganisationId", "ShopId" },
                unique: true,
                filter: "\"ShopId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WorkspaceVisits_AllShops",
                table: "WorkspaceVisits");

            migrationBuilder.DropIndex(
                name: "IX_WorkspaceVisits_Shop",
                table: "WorkspaceVisits");

            migrationBuilder.DropColumn(
                name: "Subject",
                table: "AuditLog");

            // The removed duplicate visits and the cleared ledger reasons are not restored: nothing reads them.

            migrationBuilder.CreateIndex(
                name: "IX_WorkspaceVisits_UserId_OrganisationId_ShopId",
                table: "WorkspaceVisits",
                columns: new[] { "UserId", "OrganisationId", "ShopId" });
        }
    }
}
