using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KuaishouSeller.Core.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Campaigns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Campaigns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Code = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    NameZh = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    TrafficPoolViews = table.Column<long>(type: "INTEGER", nullable: false),
                    SubsidyPoolFen = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Campaigns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ListingPriceChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ListingId = table.Column<long>(type: "INTEGER", nullable: false),
                    OldPriceFen = table.Column<long>(type: "INTEGER", nullable: false),
                    NewPriceFen = table.Column<long>(type: "INTEGER", nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ChangedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ListingPriceChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ListingPriceChanges_Listings_ListingId",
                        column: x => x.ListingId,
                        principalTable: "Listings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Violations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ShopId = table.Column<long>(type: "INTEGER", nullable: false),
                    ListingId = table.Column<long>(type: "INTEGER", nullable: true),
                    Code = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    DescriptionZh = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    DescriptionEn = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    OpenedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ClosedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Violations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Violations_Shops_ShopId",
                        column: x => x.ShopId,
                        principalTable: "Shops",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CampaignPhases",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CampaignId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    NameZh = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    StartsOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    EndsOn = table.Column<DateOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CampaignPhases", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CampaignPhases_Campaigns_CampaignId",
                        column: x => x.CampaignId,
                        principalTable: "Campaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ParticipationPlans",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CampaignId = table.Column<long>(type: "INTEGER", nullable: false),
                    Role = table.Column<int>(type: "INTEGER", nullable: false),
                    NameZh = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    TrafficPerRegistration = table.Column<long>(type: "INTEGER", nullable: false),
                    SubsidyRatePercent = table.Column<decimal>(type: "TEXT", precision: 5, scale: 2, nullable: false),
                    Rules = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ParticipationPlans", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ParticipationPlans_Campaigns_CampaignId",
                        column: x => x.CampaignId,
                        principalTable: "Campaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RegistrationBatches",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CampaignId = table.Column<long>(type: "INTEGER", nullable: false),
                    OrganisationId = table.Column<long>(type: "INTEGER", nullable: false),
                    PlanId = table.Column<long>(type: "INTEGER", nullable: true),
                    ShopId = table.Column<long>(type: "INTEGER", nullable: true),
                    AccountId = table.Column<long>(type: "INTEGER", nullable: true),
                    Step = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedByUserId = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SubmittedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RegistrationBatches", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RegistrationBatches_Campaigns_CampaignId",
                        column: x => x.CampaignId,
                        principalTable: "Campaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CampaignRegistrations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CampaignId = table.Column<long>(type: "INTEGER", nullable: false),
                    PlanId = table.Column<long>(type: "INTEGER", nullable: false),
                    Role = table.Column<int>(type: "INTEGER", nullable: false),
                    BatchId = table.Column<long>(type: "INTEGER", nullable: true),
                    OrganisationId = table.Column<long>(type: "INTEGER", nullable: false),
                    ShopId = table.Column<long>(type: "INTEGER", nullable: true),
                    AccountId = table.Column<long>(type: "INTEGER", nullable: true),
                    ListingId = table.Column<long>(type: "INTEGER", nullable: true),
                    SkuId = table.Column<long>(type: "INTEGER", nullable: true),
                    CategoryId = table.Column<long>(type: "INTEGER", nullable: true),
                    CampaignPriceFen = table.Column<long>(type: "INTEGER", nullable: false),
                    CommittedStock = table.Column<int>(type: "INTEGER", nullable: false),
                    CommissionPercent = table.Column<decimal>(type: "TEXT", precision: 5, scale: 2, nullable: true),
                    AutoAcceptCreatorScore = table.Column<decimal>(type: "TEXT", precision: 5, scale: 2, nullable: true),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    Problems = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    RejectReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    LockedStock = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SubmittedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ResultGmvFen = table.Column<long>(type: "INTEGER", nullable: true),
                    ResultUnits = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CampaignRegistrations", x => x.Id);
                    table.CheckConstraint("CK_CampaignRegistrations_Amounts", "\"CampaignPriceFen\" >= 0 AND \"CommittedStock\" >= 0 AND \"LockedStock\" >= 0");
                    table.ForeignKey(
                        name: "FK_CampaignRegistrations_Campaigns_CampaignId",
                        column: x => x.CampaignId,
                        principalTable: "Campaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CampaignRegistrations_ParticipationPlans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "ParticipationPlans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CampaignRegistrations_RegistrationBatches_BatchId",
                        column: x => x.BatchId,
                        principalTable: "RegistrationBatches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "CarryApplications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RegistrationId = table.Column<long>(type: "INTEGER", nullable: false),
                    CampaignId = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatorId = table.Column<long>(type: "INTEGER", nullable: false),
                    AccountId = table.Column<long>(type: "INTEGER", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatorScore = table.Column<double>(type: "REAL", nullable: true),
                    AutoAccepted = table.Column<bool>(type: "INTEGER", nullable: false),
                    AppliedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CarryApplications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CarryApplications_CampaignRegistrations_RegistrationId",
                        column: x => x.RegistrationId,
                        principalTable: "CampaignRegistrations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CampaignPhases_CampaignId",
                table: "CampaignPhases",
                column: "CampaignId");

            migrationBuilder.CreateIndex(
                name: "IX_CampaignRegistrations_BatchId_State",
                table: "CampaignRegistrations",
                columns: new[] { "BatchId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_CampaignRegistrations_CampaignId_State_SubmittedAt",
                table: "CampaignRegistrations",
                columns: new[] { "CampaignId", "State", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CampaignRegistrations_CampaignId_SubmittedAt_Id",
                table: "CampaignRegistrations",
                columns: new[] { "CampaignId", "SubmittedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_CampaignRegistrations_LiveAccount",
                table: "CampaignRegistrations",
                columns: new[] { "PlanId", "AccountId" },
                unique: true,
                filter: "\"State\" < 5 AND \"ListingId\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_CampaignRegistrations_LiveListing",
                table: "CampaignRegistrations",
                columns: new[] { "PlanId", "ListingId" },
                unique: true,
                filter: "\"State\" < 5 AND \"ListingId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_CampaignRegistrations_OrganisationId_CampaignId_State",
                table: "CampaignRegistrations",
                columns: new[] { "OrganisationId", "CampaignId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_CampaignRegistrations_SkuId_State",
                table: "CampaignRegistrations",
                columns: new[] { "SkuId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_Campaigns_Code",
                table: "Campaigns",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CarryApplications_CreatorId_CampaignId",
                table: "CarryApplications",
                columns: new[] { "CreatorId", "CampaignId" });

            migrationBuilder.CreateIndex(
                name: "IX_CarryApplications_RegistrationId_CreatorId",
                table: "CarryApplications",
                columns: new[] { "RegistrationId", "CreatorId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ListingPriceChanges_ListingId_ChangedAt",
                table: "ListingPriceChanges",
                columns: new[] { "ListingId", "ChangedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ParticipationPlans_CampaignId",
                table: "ParticipationPlans",
                column: "CampaignId");

            migrationBuilder.CreateIndex(
                name: "IX_RegistrationBatches_CampaignId",
                table: "RegistrationBatches",
                column: "CampaignId");

            migrationBuilder.CreateIndex(
                name: "IX_RegistrationBatches_OrganisationId_CampaignId",
                table: "RegistrationBatches",
                columns: new[] { "OrganisationId", "CampaignId" });

            migrationBuilder.CreateIndex(
                name: "IX_Violations_ShopId_ClosedAt",
                table: "Violations",
                columns: new[] { "ShopId", "ClosedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CampaignPhases");

            migrationBuilder.DropTable(
                name: "CarryApplications");

            migrationBuilder.DropTable(
                name: "ListingPriceChanges");

            migrationBuilder.DropTable(
                name: "Violations");

            migrationBuilder.DropTable(
                name: "CampaignRegistrations");

            migrationBuilder.DropTable(
                name: "ParticipationPlans");

            migrationBuilder.DropTable(
                name: "RegistrationBatches");

            migrationBuilder.DropTable(
                name: "Campaigns");
        }
    }
}
