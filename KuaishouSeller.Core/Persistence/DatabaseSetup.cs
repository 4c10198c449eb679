using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace KuaishouSeller.Core.Persistence;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>Bound from the "Database" configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string DefaultSqliteConnection = "Data Source=kuaishou-seller.db";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
    public string? ConnectionString { get; set; }

    public string EffectiveConnectionString =>
        string.IsNullOrWhiteSpace(ConnectionString)
            ? Provider == DatabaseProvider.Sqlite ? DefaultSqliteConnection : ""
            : ConnectionString;

    public static DatabaseOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Database");
        var providerText = section["Provider"];
        var options = new DatabaseOptions { ConnectionString = section["ConnectionString"] };
        if (!string.IsNullOrWhiteSpace(providerText))
        {
            if (!Enum.TryParse<DatabaseProvider>(providerText, ignoreCase: true, out var provider))
                throw new DatabaseConfigurationException(
                    $"Database:Provider '{providerText}' is not known; use 'Sqlite' or 'Postgres'.");
            options.Provider = provider;
        }
        return options;
    }
}

/// <summary>The configuration cannot work; the message tells the operator what to fix.</summary>
public sealed class DatabaseConfigurationException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The one place that knows about database providers: the provider switch, the provider-specific
/// context types that carry each provider's migrations, and provider tuning.
/// </summary>
public static class DatabaseSetup
{
    public static IServiceCollection AddAppDatabase(this IServiceCollection services, DatabaseOptions options)
    {
        services.AddSingleton(options);
        return options.Provider switch
        {
            DatabaseProvider.Sqlite => Register<SqliteAppDbContext>(services, options),
            DatabaseProvider.Postgres => Register<PostgresAppDbContext>(services, options),
            _ => throw new DatabaseConfigurationException($"Unsupported provider {options.Provider}."),
        };
    }

    /// <summary>Options for a context of the given provider; used by DI, tools and tests alike.</summary>
    public static void Configure(DbContextOptionsBuilder builder, DatabaseOptions options)
    {
        var connectionString = options.EffectiveConnectionString;
        // A list in a query (shop ids, SKU ids) travels as one array parameter (json_each on SQLite, = ANY on
        // PostgreSQL), so the statement's SQL is the same whatever the list's length and EF reuses it. EF 10's default
        // expands the list into one parameter per element and rewrites the SQL on every execution: on the dashboard
        // that rewriting took more CPU than the database did.
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                builder.UseSqlite(connectionString, sqlite => sqlite.CommandTimeout(120).UseParameterizedCollectionMode(ParameterTranslationMode.Parameter));
                break;
            case DatabaseProvider.Postgres:
                builder.UseNpgsql(connectionString, npgsql => npgsql.CommandTimeout(120).UseParameterizedCollectionMode(ParameterTranslationMode.Parameter));
                break;
        }
        // Reads dominate; writers opt in to tracking explicitly.
        builder.UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);
    }

    /// <summary>Creates a context of the configured provider outside DI (seeding tools, tests).</summary>
    public static AppDbContext CreateContext(DatabaseOptions options) => options.Provider switch
    {
        DatabaseProvider.Sqlite => new SqliteAppDbContext(Build<SqliteAppDbContext>(options)),
        _ => new PostgresAppDbContext(Build<PostgresAppDbContext>(options)),
    };

    /// <summary>Checks the connection string's syntax before anything tries to connect.</summary>
    public static void Validate(DatabaseOptions options)
    {
        var connectionString = options.EffectiveConnectionString;
        try
        {
            switch (options.Provider)
            {
                case DatabaseProvider.Sqlite:
                    var sqlite = new SqliteConnectionStringBuilder(connectionString);
                    if (string.IsNullOrWhiteSpace(sqlite.DataSource))
                        throw new DatabaseConfigurationException("Database:ConnectionString for SQLite has no 'Data Source'.");
                    break;
                case DatabaseProvider.Postgres:
                    if (string.IsNullOrWhiteSpace(connectionString))
                        throw new DatabaseConfigurationException(
                            "Database:Provider is Postgres but Database:ConnectionString is empty, e.g. 'Host=127.0.0.1;Database=kuaishou;Username=...;Password=...'.");
                    var npgsql = new NpgsqlConnectionStringBuilder(connectionString);
                    if (string.IsNullOrWhiteSpace(npgsql.Host))
                        throw new DatabaseConfigurationException("Database:ConnectionString for PostgreSQL has no 'Host'.");
                    break;
            }
        }
        catch (ArgumentException e)
        {
            throw new DatabaseConfigurationException(
                $"Database:ConnectionString is not a valid {options.Provider} connection string: {e.Message}", e);
        }
    }

    private static IServiceCollection Register<TContext>(IServiceCollection services, DatabaseOptions options)
        where TContext : AppDbContext
    {
        // Pooled: building a context's services was a quarter of the cost of a short request (the API key lookup).
        services.AddPooledDbContextFactory<TContext>(b => Configure(b, options));
        // Components and services ask for the provider-neutral types.
        services.AddSingleton<IDbContextFactory<AppDbContext>>(sp =>
            new UpcastFactory<TContext>(sp.GetRequiredService<IDbContextFactory<TContext>>(), options.Provider == DatabaseProvider.Sqlite));
        services.AddScoped<AppDbContext>(sp => sp.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContext());
        return services;
    }

    private static DbContextOptions<TContext> Build<TContext>(DatabaseOptions options) where TContext : DbContext
    {
        var builder = new DbContextOptionsBuilder<TContext>();
        Configure(builder, options);
        return builder.Options;
    }

    /// <remarks>
    /// On SQLite each opening of a connection registers EF's dozen SQL functions on it again, and EF opens and closes
    /// the connection around every statement: a page's five queries meant five registrations. A context from this
    /// factory is short-lived (one method's <c>await using</c>), so it opens its connection once and keeps it until it
    /// goes back to the pool. The scoped context a circuit holds stays lazy: a circuit must not hold a connection.
    /// </remarks>
    private sealed class UpcastFactory<TContext>(IDbContextFactory<TContext> inner, bool openOnce) : IDbContextFactory<AppDbContext>
        where TContext : AppDbContext
    {
        public AppDbContext CreateDbContext()
        {
            var db = inner.CreateDbContext();
            if (openOnce) db.Database.OpenConnection();
            return db;
        }
    }
}

public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options);

public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options);

/// <summary>Used by `dotnet ef migrations add ... --context SqliteAppDbContext`.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args) =>
        (SqliteAppDbContext)DatabaseSetup.CreateContext(new DatabaseOptions { Provider = DatabaseProvider.Sqlite });
}

/// <summary>Used by `dotnet ef migrations add ... --context PostgresAppDbContext`; needs no server.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAppDbContext>
{
    public PostgresAppDbContext CreateDbContext(string[] args) =>
        (PostgresAppDbContext)DatabaseSetup.CreateContext(new DatabaseOptions
        {
            Provider = DatabaseProvider.Postgres,
            ConnectionString = "Host=localhost;Database=kuaishou_design",
        });
}
