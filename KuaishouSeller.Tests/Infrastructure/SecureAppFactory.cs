using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using KuaishouSeller.Core.Identity;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Web.Hosting.Mail;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace KuaishouSeller.Tests.Infrastructure;

/// <summary>
/// The real app on Kestrel with its real mail path (the pickup folder, not the in-memory outbox of
/// <see cref="AppFactory"/>) and every log line it writes kept for inspection.
/// </summary>
public partial class SecureAppFactory(DatabaseProvider provider, string environment = "Development", bool seed = true)
    : AppFactory(provider, useKestrel: true)
{
    public string MailFolder { get; } = Directory.CreateTempSubdirectory("ks-mail-").FullName;
    public CapturedLog Log { get; } = new();

    /// <summary>Extra settings a derived factory applies (proxies, certificates).</summary>
    protected virtual IEnumerable<(string Key, string Value)> Settings() => [];

    protected override void ConfigureTestServices(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("Mail:PickupDirectory", MailFolder);
        // Open pages check their session every second here (20 s in the app), so a test sees a circuit signed out quickly.
        builder.UseSetting("Identity:CircuitRevalidationInterval", "00:00:01");
        builder.UseSetting("DemoWorld:SeedOnFirstStart", seed ? "true" : "false");
        foreach (var (key, value) in Settings()) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.AddProvider(Log));
        builder.ConfigureTestServices(services =>
            services.AddSingleton<IEmailSender<AppUser>>(sp => sp.GetRequiredService<AccountMails>()));
    }

    /// <summary>A client of the Kestrel server with its own cookie jar, following no redirects (a browser's second tab is another client).</summary>
    public HttpClient CreateKestrelClient() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri(RootUri),
        };

    /// <summary>The one link in the newest mail to <paramref name="email"/> whose path contains <paramref name="pathPart"/>.</summary>
    public string LinkMailedTo(string email, string pathPart)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var link = Directory.EnumerateFiles(MailFolder, "*.eml")
                .Select(path => (path, message: MimeMessage.Load(path)))
                .Where(m => m.message.To.Mailboxes.Any(b => string.Equals(b.Address, email, StringComparison.OrdinalIgnoreCase)))
                .OrderByDescending(m => File.GetLastWriteTimeUtc(m.path)).ThenByDescending(m => m.path, StringComparer.Ordinal)
                .SelectMany(m => Links().Matches(m.message.TextBody ?? "").Select(x => x.Value))
                .FirstOrDefault(l => l.Contains(pathPart, StringComparison.OrdinalIgnoreCase));
            if (link is not null) return link;
            Thread.Sleep(100);
        }
        throw new Xunit.Sdk.XunitException($"No mail with a {pathPart} link reached {email} in {MailFolder}.");
    }

    public async Task<AppUser> CreateUserAsync(string email, string password, bool confirmed = true)
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = email, Email = email, DisplayName = "Test", EmailConfirmed = confirmed };
        var result = await users.CreateAsync(user, password);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        return user;
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Links();
}

public sealed class SecureSqliteApp() : SecureAppFactory(DatabaseProvider.Sqlite);
public sealed class SecurePostgresApp() : SecureAppFactory(DatabaseProvider.Postgres);

[CollectionDefinition(Name)]
public sealed class SecureSqliteCollection : ICollectionFixture<SecureSqliteApp> { public const string Name = "secure app on SQLite"; }

[CollectionDefinition(Name)]
public sealed class SecurePostgresCollection : ICollectionFixture<SecurePostgresApp> { public const string Name = "secure app on PostgreSQL"; }

/// <summary>Every message every logger of the app wrote, at the levels the app's configuration lets through, with exceptions and structured values.</summary>
public sealed class CapturedLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;
    public string All => string.Join("\n", _lines);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);
    public void Dispose() { }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} [{values}] {exception}");
        }
    }
}
