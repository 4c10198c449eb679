using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KuaishouSeller.Core.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class BuyerConversations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AssignedName",
                table: "ChatSessions",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AssignedUserId",
                table: "ChatSessions",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ClosedAt",
                table: "ChatSessions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ClosedBy",
                table: "ChatSessions",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LastBuyerMessageAt",
                table: "ChatSessions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LastMessageAt",
                table: "ChatSessions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastMessagePreview",
                table: "ChatSessions",
                type: "TEXT",
                maxLength: 60,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "QueueRank",
                table: "ChatSessions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "State",
                table: "ChatSessions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "WaitingSince",
                table: "ChatSessions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ChatMessages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ChatSessionId = table.Column<long>(type: "INTEGER", nullable: false),
                    FromBuyer = table.Column<bool>(type: "INTEGER", nullable: false),
                    StaffUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    StaffName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Text = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChatMessages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ChatMessages_ChatSessions_ChatSessionId",
                        column: x => x.ChatSessionId,
                        principalTable: "ChatSessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "QuickPhrases",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MerchantId = table.Column<long>(type: "INTEGER", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QuickPhrases", x => x.Id);
                    table.ForeignKey(
                        name: "FK_QuickPhrases_Organisations_MerchantId",
                        column: x => x.MerchantId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ChatSessions_AssignedUserId_State_QueueRank",
                table: "ChatSessions",
                columns: new[] { "AssignedUserId", "State", "QueueRank" });

            migrationBuilder.CreateIndex(
                name: "IX_ChatSessions_ShopId_BuyerId_State",
                table: "ChatSessions",
                columns: new[] { "ShopId", "BuyerId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_ChatSessions_ShopId_QueueRank_Id",
                table: "ChatSessions",
                columns: new[] { "ShopId", "QueueRank", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ChatSessions_ShopId_State_QueueRank_Id",
                table: "ChatSessions",
                columns: new[] { "ShopId", "State", "QueueRank", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ChatMessages_ChatSessionId_Id",
                table: "ChatMessages",
                columns: new[] { "ChatSessionId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_QuickPhrases_MerchantId_Position",
                table: "QuickPhrases",
                columns: new[] { "MerchantId", "Position" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ChatMessages");

            migrationBuilder.DropTable(
                name: "QuickPhrases");

            migrationBuilder.DropIndex(
                name: "IX_ChatSessions_AssignedUserId_State_QueueRank",
                table: "ChatSessions");

            migrationBuilder.DropIndex(
                name: "IX_ChatSessions_ShopId_BuyerId_State",
                table: "ChatSessions");

            migrationBuilder.DropIndex(
                name: "IX_ChatSessions_ShopId_QueueRank_Id",
                table: "ChatSessions");

            migrationBuilder.DropIndex(
                name: "IX_ChatSessions_ShopId_State_QueueRank_Id",
                table: "ChatSessions");

            migrationBuilder.DropColumn(
                name: "AssignedName",
                table: "ChatSessions");

            migrationBuilder.DropColumn(
                name: "AssignedUserId",
                table: "ChatSessions");

            migrationBuilder.DropColumn(
                name: "ClosedAt",
                table: "ChatSessions");

            migrationBuilder.DropColumn(
                name: "ClosedBy",
                table: "ChatSessions");

            migrationBuilder.DropColumn(
                name: "LastBuyerMessageAt",
                table: "ChatSessions");

            migrationBuilder.DropColumn(
                name: "LastMessageAt",
                table: "ChatSessions");

            migrationBuilder.DropColumn(
                name: "LastMessagePreview",
                table: "ChatSessions");

            migrationBuilder.DropColumn(
                name: "QueueRank",
                table: "ChatSessions");

            migrationBuilder.DropColumn(
                name: "State",
                table: "ChatSessions");

            migrationBuilder.DropColumn(
                name: "WaitingSince",
                table: "ChatSessions");
        }
    }
}
