using System.Net.Http.Headers;
using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Api;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Workspace;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KuaishouSeller.Tests.Api;

/// <summary>
/// The real app on Kestrel (real HTTP on loopback) over a seeded demo world, one per provider, shared by the API tests.
/// The per-key limit is low so the rate-limit test reaches it quickly; every other test uses keys of its own.
/// </summary>
public abstract class ApiApp(DatabaseProvider provider) : AppFactory(provider, useKestrel: true)
{
    public const int RequestsPerMinute = 40;

    protected override void ConfigureTestServices(IWebHostBuilder builder) =>
        builder.UseSetting("Api:RequestsPerMinute", RequestsPerMinute.ToString());

    public HttpClient Client(string? key = null, string? language = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(RootUri) };
        if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (language is not null) client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return client;
    }

    public async Task<string> UserIdAsync(string email)
    {
        await using var db = Database.CreateContext();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }

    public async Task<T> WithAsync<T>(Func<IServiceProvider, Task<T>> use)
    {
        await using var scope = Services.CreateAsyncScope();
        return await use(scope.ServiceProvider);
    }

    public Task<CreatedApiKey> CreateKeyAsync(string userId, string name, IReadOnlyCollection<string>? permissions, IReadOnlyCollection<long>? shops = null, int? days = null) =>
        WithAsync(sp => sp.GetRequiredService<ApiKeyService>().CreateAsync(userId, new NewApiKey(name, permissions, shops, days)));

    public Task<Actor> ActorAsync(string userId) => WithAsync(sp => sp.GetRequiredService<AccessService>().ResolveAsync(userId));

    public Task<CurrentWorkspace> SwitchAsync(string userId, long organisationId) =>
        WithAsync(sp => sp.GetRequiredService<WorkspaceService>().SwitchAsync(userId, organisationId, null));

    /// <summary>The organisation a user's keys are created in (their current workspace).</summary>
    public Task<long> WorkspaceOfAsync(string userId) =>
        WithAsync(async sp => (await sp.GetRequiredService<WorkspaceService>().ResolveAsync(userId)).Workspace!.OrganisationId);
}

public sealed class SqliteApiApp() : ApiApp(DatabaseProvider.Sqlite);
public sealed class PostgresApiApp() : ApiApp(DatabaseProvider.Postgres);

[CollectionDefinition(Name)]
public sealed class SqliteApiCollection : ICollectionFixture<SqliteApiApp> { public const string Name = "open API on SQLite"; }

[CollectionDefinition(Name)]
public sealed class PostgresApiCollection : ICollectionFixture<PostgresApiApp> { public const string Name = "open API on PostgreSQL"; }
