using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace KuaishouSeller.Core.Persistence.Migrations.Postgres
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
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AssignedUserId",
                table: "ChatSessions",
                type: "character varying(450)",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ClosedAt",
                table: "ChatSessions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ClosedBy",
                table: "ChatSessions",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LastBuyerMessageAt",
                table: "ChatSessions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LastMessageAt",
                table: "ChatSessions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastMessagePreview",
                table: "ChatSessions",
                type: "character varying(60)",
                maxLength: 60,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "QueueRank",
                table: "ChatSessions",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "State",
                table: "ChatSessions",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "WaitingSince",
                table: "ChatSessions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ChatMessages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ChatSessionId = table.Column<long>(type: "bigint", nullable: false),
                    FromBuyer = table.Column<bool>(type: "boolean", nullable: false),
                    StaffUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    StaffName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Text = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MerchantId = table.Column<long>(type: "bigint", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Text = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
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
