using System;
using KuaishouSeller.Core.Persistence.Migrations.Quartz;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace KuaishouSeller.Core.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ClusteredJobs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "JobRuns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Lane = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    State = table.Column<int>(type: "integer", nullable: false),
                    RequestedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    RequestedByUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    ShopId = table.Column<long>(type: "bigint", nullable: true),
                    QueuedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ScheduledFor = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    HeartbeatAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    FinishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    StageZh = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    StageEn = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Done = table.Column<int>(type: "integer", nullable: false),
                    Total = table.Column<int>(type: "integer", nullable: false),
                    Node = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    Outcome = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ErrorZh = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    ErrorEn = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    ErrorDetail = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JobRuns", x => x.Id);
                    table.CheckConstraint("CK_JobRuns_Progress", "\"Done\" >= 0 AND \"Total\" >= 0 AND \"Attempts\" >= 0");
                });

            migrationBuilder.CreateIndex(
                name: "IX_JobRuns_Kind_QueuedAt",
                table: "JobRuns",
                columns: new[] { "Kind", "QueuedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_JobRuns_RunningLane",
                table: "JobRuns",
                column: "Lane",
                unique: true,
                filter: "\"State\" = 1");

            migrationBuilder.CreateIndex(
                name: "IX_JobRuns_State_QueuedAt",
                table: "JobRuns",
                columns: new[] { "State", "QueuedAt" });

            // The Quartz job store (clustered on PostgreSQL, one node on SQLite): the tables Quartz 4.7.3 expects.
            QuartzSchema.Create(migrationBuilder, "postgres");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            QuartzSchema.Drop(migrationBuilder);
            migrationBuilder.DropTable(
                name: "JobRuns");
        }
    }
}
