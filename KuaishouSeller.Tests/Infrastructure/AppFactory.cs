using System.Collections.Concurrent;
using System.Net;
using KuaishouSeller.Core.Identity;
using KuaishouSeller.Core.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace KuaishouSeller.Tests.Infrastructure;

/// <summary>
/// The real app (Program.cs, the same pipeline and start-up seeding) on a real database of the given
/// provider, with a fixed clock so the demo world and "today" are the same on every run.
/// </summary>
public class AppFactory(DatabaseProvider provider, bool useKestrel = false) : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>Thursday 19 November 2026, 10:00 in Beijing.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 19, 2, 0, 0, TimeSpan.Zero);

    public TimeProvider Clock { get; } = new ShiftedClock(Now);
    public TestDatabase Database { get; private set; } = default!;

    /// <summary>Only for Kestrel-hosted factories: the real http://127.0.0.1:port address.</summary>
    public string RootUri { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync(provider, migrate: false);
        if (useKestrel)
        {
            UseKestrel(0);
            StartServer();
            RootUri = LoopbackAddress(Services);
        }
        else
        {
            StartServer();
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Database:Provider", Database.Options.Provider.ToString());
        builder.UseSetting("Database:ConnectionString", Database.Options.ConnectionString);
        builder.UseSetting("DemoWorld:SeedOnFirstStart", "true");
        if (useKestrel) builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<OutboxEmailSender>();
            services.AddSingleton<IEmailSender<AppUser>>(sp => sp.GetRequiredService<OutboxEmailSender>());
        });
        ConfigureTestServices(builder);
    }

    protected virtual void ConfigureTestServices(IWebHostBuilder builder) { }

    public HttpClient CreateBrowserLikeClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>The address Kestrel bound (port 0 picks a free one), as http://127.0.0.1:port.</summary>
    public static string LoopbackAddress(IServiceProvider services) =>
        services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First().Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1").TrimEnd('/');
}

public sealed class SqliteAppFactory() : AppFactory(DatabaseProvider.Sqlite);
public sealed class PostgresAppFactory() : AppFactory(DatabaseProvider.Postgres);
public sealed class KestrelAppFactory() : AppFactory(DatabaseProvider.Sqlite, useKestrel: true);

[CollectionDefinition(Name)]
public sealed class SqliteAppCollection : ICollectionFixture<SqliteAppFactory> { public const string Name = "app on SQLite"; }

[CollectionDefinition(Name)]
public sealed class PostgresAppCollection : ICollectionFixture<PostgresAppFactory> { public const string Name = "app on PostgreSQL"; }

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<KestrelAppFactory> { public const string Name = "app in Chromium"; }

/// <summary>
/// A clock that starts at a fixed instant and then runs in real time. Unlike a frozen fake clock, its
/// timers fire, so components that debounce or poll (MudBlazor's text fields) behave as in production,
/// while "today" is the same on every run.
/// </summary>
public sealed class ShiftedClock(DateTimeOffset start) : TimeProvider
{
    private readonly TimeSpan _offset = start - System.GetUtcNow();

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _offset;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}

/// <summary>Keeps the account e-mails the app would send, so tests can follow their links.</summary>
public sealed class OutboxEmailSender : IEmailSender<AppUser>
{
    private readonly ConcurrentDictionary<string, string> _links = new(StringComparer.OrdinalIgnoreCase);

    public string LinkFor(string email) =>
        _links.TryGetValue(email, out var link) ? link : throw new Xunit.Sdk.XunitException($"No e-mail was sent to {email}.");

    public Task SendConfirmationLinkAsync(AppUser user, string email, string confirmationLink) => Keep(email, confirmationLink);
    public Task SendPasswordResetLinkAsync(AppUser user, string email, string resetLink) => Keep(email, resetLink);
    public Task SendPasswordResetCodeAsync(AppUser user, string email, string resetCode) => Task.CompletedTask;

    private Task Keep(string email, string htmlEncodedLink)
    {
        _links[email] = WebUtility.HtmlDecode(htmlEncodedLink);
        return Task.CompletedTask;
    }
}
