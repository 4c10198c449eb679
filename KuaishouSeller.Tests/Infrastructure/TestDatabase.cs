using KuaishouSeller.Core.Persistence;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace KuaishouSeller.Tests.Infrastructure;

/// <summary>
/// A real, empty, migrated database for one test class: a SQLite file in a temp folder, or a fresh
/// database on the PostgreSQL server named by KS_TEST_POSTGRES (default: the loopback server that
/// .ci/run starts). Dropped afterwards.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "KS_TEST_POSTGRES";
    public const string DefaultPostgres = "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres";

    private readonly string? _sqliteFolder;
    private readonly string? _postgresName;

    private TestDatabase(DatabaseOptions options, string? sqliteFolder, string? postgresName)
    {
        Options = options;
        _sqliteFolder = sqliteFolder;
        _postgresName = postgresName;
    }

    public DatabaseOptions Options { get; }
    public DatabaseProvider Provider => Options.Provider;

    public static string PostgresAdminConnection =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value ? value : DefaultPostgres;

    /// <summary>Creates the database and applies the migrations, like the app does at start-up.</summary>
    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider, bool migrate = true)
    {
        TestDatabase database;
        if (provider == DatabaseProvider.Sqlite)
        {
            var folder = Path.Combine(Path.GetTempPath(), "ks-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            database = new TestDatabase(new DatabaseOptions
            {
                Provider = DatabaseProvider.Sqlite,
                ConnectionString = $"Data Source={Path.Combine(folder, "test.db")}",
            }, folder, null);
        }
        else
        {
            var name = "ks_test_" + Guid.NewGuid().ToString("N")[..12];
            var builder = new NpgsqlConnectionStringBuilder(PostgresAdminConnection) { Database = name, Pooling = true };
            database = new TestDatabase(new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = builder.ConnectionString }, null, name);
        }
        if (migrate)
        {
            var health = await DatabaseInitializer.InitializeAsync(database.Options, NullLogger.Instance);
            if (!health.IsReady)
                throw new InvalidOperationException(
                    $"Test database could not be prepared: {health.OperatorMessage}. For PostgreSQL set {PostgresVariable} or run `bash .ci/run`.");
        }
        return database;
    }

    public AppDbContext CreateContext() => DatabaseSetup.CreateContext(Options);

    public async ValueTask DisposeAsync()
    {
        if (_sqliteFolder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_sqliteFolder, recursive: true); } catch (IOException) { }
        }
        if (_postgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(PostgresAdminConnection);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }
}

/// <summary>Theory data: every test that touches the database runs on both providers.</summary>
public static class Providers
{
    public static TheoryData<DatabaseProvider> Both => new() { DatabaseProvider.Sqlite, DatabaseProvider.Postgres };
}
