using System.Diagnostics;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.WebEncoders;
using KuaishouSeller.Core;
using KuaishouSeller.Core.DemoWorld;
using KuaishouSeller.Core.Identity;
using KuaishouSeller.Core.Jobs;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Web.Api;
using KuaishouSeller.Web.Components;
using KuaishouSeller.Web.Components.Account;
using KuaishouSeller.Web.Localization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using MudBlazor.Services;

namespace KuaishouSeller.Web.Hosting;

/// <summary>Service registration and the request pipeline, kept out of Program.cs so tests read the same setup.</summary>
public static class AppHost
{
    public static WebApplicationBuilder AddKuaishouSeller(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var startClock = Stopwatch.StartNew();
        services.AddSingleton(new StartupTimer(startClock));

        services.AddRazorComponents().AddInteractiveServerComponents(ConfigureCircuits)
            // The rulebook editor sends its whole JSON (≈15 KB, more once escaped) on each edit; 32 KB is too tight.
            .AddHubOptions(hub => hub.MaximumReceiveMessageSize = 256 * 1024);
        // Chinese text goes out as UTF-8 characters, not as &#x...; entities (smaller pages, readable source).
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddMudServices();
        services.AddLocalization();
        services.TryAddClock();

        // A configuration mistake must not crash start-up with a stack trace: the app starts,
        // logs one clear sentence and shows a clear page until the operator fixes it.
        DatabaseOptions database;
        DatabaseHealth? configurationProblem = null;
        try
        {
            database = DatabaseOptions.From(builder.Configuration);
        }
        catch (DatabaseConfigurationException e)
        {
            database = new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = "Data Source=:memory:" };
            configurationProblem = DatabaseHealth.Failed(e.Message);
        }
        services.AddAppDatabase(database);
        services.AddSingleton(new DatabaseGate(database, configurationProblem));

        services.AddKuaishouCore();
        // Background work: Quartz on the app's database (clustered on PostgreSQL), started once the database is ready.
        services.AddKuaishouJobs(database, JobOptions.From(builder.Configuration));
        services.AddHostedService<SchedulerHost>();
        services.AddKuaishouHealth();
        builder.AddKuaishouTelemetry();
        services.AddScoped<CurrentUser>();
        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.AddIdentityCore<AppUser>(options =>
            {
                options.SignIn.RequireConfirmedAccount = false;
                options.User.RequireUniqueEmail = true;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Password.RequiredLength = 8;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<BilingualIdentityErrors>()
            .AddClaimsPrincipalFactory<AppClaimsFactory>();
        builder.AddTransportSecurity();
        services.AddKuaishouApi(builder.Configuration);

        return builder;
    }

    /// <summary>Opens (and migrates) the database; on first start seeds the demo world and prints the logins.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var gate = app.Services.GetRequiredService<DatabaseGate>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("KuaishouSeller.Startup");
        var health = await gate.CheckAsync(logger);
        if (!health.IsReady) return;

        var seed = app.Configuration.GetSection("DemoWorld");
        if (!seed.GetValue("SeedOnFirstStart", true)) return;
        var report = await DemoWorldSeeder.SeedIfEmptyAsync(
            gate.Options, DemoWorldSize.Demo, seed.GetValue("Seed", 618),
            app.Services.GetRequiredService<TimeProvider>(),
            message => logger.LogInformation("Demo world: {Progress}", message));
        if (report is not null)
            logger.LogInformation("Demo world seeded in {Seconds:0.0} s: {Shops} shops, {Skus} SKUs, {Orders} orders",
                report.Elapsed.TotalSeconds, report.Shops, report.Skus, report.Orders);
        DemoLoginsPrinter.Print(Console.Out, DemoWorldSeeder.Logins);
    }

    public static WebApplication UseKuaishouSeller(this WebApplication app)
    {
        // Probes and the scrape first: never redirected to HTTPS, rendered as a page or stopped by the database gate.
        app.UseKuaishouHealth();
        app.UseKuaishouMetrics();
        app.UseTransportSecurity();
        // Never a stack trace in the browser, in any environment: pages get the error page, HTTP endpoints problem details.
        app.UseExceptionHandler("/Error", createScopeForErrors: true);
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseKuaishouApiProblems();

        app.UseRequestLocalization(CultureSetup.Options());
        // Before routing and authentication, which would otherwise touch the database first.
        app.UseMiddleware<DatabaseGateMiddleware>();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAdditionalIdentityEndpoints();
        app.MapPreferenceEndpoints();
        app.MapFileEndpoints();
        app.MapKuaishouApi();

        var timer = app.Services.GetRequiredService<StartupTimer>();
        app.Lifetime.ApplicationStarted.Register(() =>
            app.Logger.LogInformation("KuaishouSeller started in {Milliseconds} ms; listening on {Urls}",
                timer.Elapsed.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture), string.Join(", ", app.Urls)));
        return app;
    }

    /// <summary>
    /// Circuit limits, chosen from the circuits benchmark (README, "Scale and reliability"): a circuit costs the
    /// server memory for as long as it is kept, so every limit below bounds what idle or vanished tabs can hold.
    /// </summary>
    internal static void ConfigureCircuits(Microsoft.AspNetCore.Components.Server.CircuitOptions circuits)
    {
        // Long enough to ride out a Wi-Fi drop, a lift or a closed laptop lid without losing an open form; after that
        // the reconnect dialog reloads the page, and everything saved is in the database anyway.
        circuits.DisconnectedCircuitRetentionPeriod = TimeSpan.FromMinutes(3);
        // Vanished tabs can hold at most this many circuits; at the measured 0.4–0.9 MB of GC heap per circuit on the
        // list pages (README, "Blazor circuits") that is under 0.1 GB, which a node affords even when a whole office's
        // network drops at once.
        circuits.DisconnectedCircuitMaxRetained = 100;
        // A slow client stops getting renders after this many unacknowledged batches; later batches carry the latest
        // state, so import progress and score recompute updates are coalesced rather than piled up in server memory.
        circuits.MaxBufferedUnacknowledgedRenderBatches = 10;
        // Our JS calls (charts, the theme cookie, keyboard shortcuts) answer in milliseconds; a tab that does not answer in 30 s
        // is gone, and the awaiting component should fail and free its resources instead of waiting a minute.
        circuits.JSInteropDefaultCallTimeout = TimeSpan.FromSeconds(30);
    }

    private static void TryAddClock(this IServiceCollection services)
    {
        if (services.All(d => d.ServiceType != typeof(TimeProvider)))
            services.AddSingleton(TimeProvider.System);
    }
}

/// <summary>Measures start-up from service registration to the server listening.</summary>
public sealed class StartupTimer(Stopwatch stopwatch)
{
    public TimeSpan Elapsed => stopwatch.Elapsed;
}
