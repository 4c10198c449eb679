using Microsoft.EntityFrameworkCore.Migrations;

namespace KuaishouSeller.Core.Persistence.Migrations.Quartz;

/// <summary>
/// Creates and drops the Quartz job store tables from a migration, so every node finds them made by the same
/// migrations as the rest of the schema (and nothing creates tables at run time).
/// </summary>
public static class QuartzSchema
{
    private static readonly string[] Tables =
    [
        "FIRED_TRIGGERS", "PAUSED_TRIGGER_GRPS", "PAUSED_JOB_GRPS", "SCHEDULER_STATE", "LOCKS", "SIMPROP_TRIGGERS", "SIMPLE_TRIGGERS",
        "CRON_TRIGGERS", "BLOB_TRIGGERS", "TRIGGERS", "JOB_DETAILS", "CALENDARS", "EXECUTION_HISTORY", "MISFIRE_HISTORY", "JOB_STATUS",
    ];

    /// <summary>Runs the script of the Quartz version (one statement per '--;;' piece, as Quartz itself runs it).</summary>
    public static void Create(MigrationBuilder migrationBuilder, string provider)
    {
        var name = $"KuaishouSeller.Quartz.quartz-4.7.3-{provider}.sql";
        using var stream = typeof(QuartzSchema).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded Quartz schema {name} is missing.");
        using var reader = new StreamReader(stream);
        foreach (var statement in reader.ReadToEnd().Split("\n--;;", StringSplitOptions.TrimEntries))
        {
            var sql = string.Join('\n', statement.Split('\n').Where(line => !line.TrimStart().StartsWith("--", StringComparison.Ordinal))).Trim();
            if (sql.Length > 0) migrationBuilder.Sql(sql);
        }
    }

    public static void Drop(MigrationBuilder migrationBuilder)
    {
        foreach (var table in Tables)
            migrationBuilder.Sql($"DROP TABLE IF EXISTS QRTZ_{table};");
    }
}
