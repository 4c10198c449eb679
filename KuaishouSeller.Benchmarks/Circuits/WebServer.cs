using System.Collections.Concurrent;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Web.Hosting;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KuaishouSeller.Benchmarks.Circuits;

/// <summary>
/// The real web app (AppHost, the same pipeline as Program.cs) on Kestrel on loopback, inside this process so its
/// GC heap can be read directly. The background jobs are left out so the memory figures are those of the circuits.
/// </summary>
public sealed class WebServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebServer(WebApplication app, CircuitCounter circuits)
    {
        _app = app;
        Circuits = circuits;
        RootUri = app.Urls.First().TrimEnd('/');
    }

    public string RootUri { get; }
    public CircuitCounter Circuits { get; }

    public static async Task<WebServer> StartAsync(DatabaseOptions database, IReadOnlyDictionary<string, string>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(AppHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        // The build output has no wwwroot of its own; the static web assets manifest maps it (as in `dotnet run`).
        builder.WebHost.UseStaticWebAssets();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        builder.Configuration["Database:Provider"] = database.Provider.ToString();
        builder.Configuration["Database:ConnectionString"] = database.ConnectionString;
        builder.Configuration["DemoWorld:SeedOnFirstStart"] = "false";
        builder.Configuration["Security:PlainHttp"] = "true"; // loopback measurement over plain HTTP
        foreach (var (name, value) in settings ?? new Dictionary<string, string>()) builder.Configuration[name] = value;
        builder.AddKuaishouSeller();
        builder.Services.RemoveAll<IHostedService>();
        var circuits = new CircuitCounter();
        builder.Services.AddSingleton<CircuitHandler>(circuits);

        var app = builder.Build();
        await app.PrepareDatabaseAsync();
        app.UseKuaishouSeller();
        await app.StartAsync();
        return new WebServer(app, circuits);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Counts the circuits the server holds open, so the benchmark knows every page is really connected.</summary>
public sealed class CircuitCounter : CircuitHandler
{
    private readonly ConcurrentDictionary<string, bool> _open = new();

    public int Open => _open.Count;

    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        _open[circuit.Id] = true;
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        _open.TryRemove(circuit.Id, out _);
        return Task.CompletedTask;
    }
}
