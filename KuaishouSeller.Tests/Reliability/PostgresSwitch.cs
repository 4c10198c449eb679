using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Tests.Infrastructure;
using Npgsql;

namespace KuaishouSeller.Tests.Reliability;

/// <summary>Makes one test's PostgreSQL database unreachable (every session cut, new ones refused) and reachable again.</summary>
public static class PostgresSwitch
{
    public static async Task SetReachableAsync(DatabaseOptions database, bool reachable)
    {
        var name = new NpgsqlConnectionStringBuilder(database.ConnectionString).Database!;
        await using var admin = new NpgsqlConnection(TestDatabase.PostgresAdminConnection);
        await admin.OpenAsync();
        await using (var allow = new NpgsqlCommand($"ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS {(reachable ? "true" : "false")}", admin))
            await allow.ExecuteNonQueryAsync();
        if (reachable) return;
        await using var cut = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @name", admin);
        cut.Parameters.AddWithValue("name", name);
        await cut.ExecuteScalarAsync();
    }
}
