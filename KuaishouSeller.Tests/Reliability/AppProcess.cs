using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using KuaishouSeller.Core.Persistence;

namespace KuaishouSeller.Tests.Reliability;

/// <summary>
/// The published app as an OS process (`dotnet KuaishouSeller.Web.dll`) on a loopback port and a given database, with
/// its console output kept for the test. Killed with SIGKILL when asked (no shutdown code runs) or when disposed.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AppProcess(Process process, string rootUri, string name)
    {
        (_process, RootUri, Name) = (process, rootUri, name);
    }

    public string RootUri { get; }
    public string Name { get; }
    public bool HasExited => _process.HasExited;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public static AppProcess Start(string appFolder, DatabaseOptions database, string name, IDictionary<string, string>? settings = null, params string[] args)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = appFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["Database__Provider"] = database.Provider.ToString(),
                ["Database__ConnectionString"] = database.ConnectionString,
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
                // Plain HTTP on loopback, as every in-process test runs: Production insists on HTTPS cookies (TLS ends at the proxy).
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            },
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) start.Environment[key] = value;
        start.ArgumentList.Add(Path.Combine(appFolder, "KuaishouSeller.Web.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        var app = new AppProcess(process, $"http://127.0.0.1:{port}", name);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (app._output) app._output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (app._output) app._output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return app;
    }

    /// <summary>Runs a verb of the app (seed, import) to its end and returns its output; throws with the output if it fails.</summary>
    public static async Task<string> RunAsync(string appFolder, DatabaseOptions database, TimeSpan timeout, params string[] args)
    {
        await using var app = Start(appFolder, database, args[0], null, args);
        using var cts = new CancellationTokenSource(timeout);
        await app._process.WaitForExitAsync(cts.Token);
        app._process.WaitForExit(); // drains the output events
        if (app._process.ExitCode != 0)
            throw new InvalidOperationException($"`{string.Join(' ', args)}` exited with {app._process.ExitCode}:\n{app.Output}");
        return app.Output;
    }

    /// <summary>Waits until /health/ready answers 200 (database open, migrations applied, scheduler started).</summary>
    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = new Uri(RootUri), Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited) throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}:\n{Output}");
            try
            {
                if ((await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"{Name} was not ready within {timeout}:\n{Output}");
    }

    /// <summary>SIGKILL: no finally blocks, no graceful shutdown, no last words to the database.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
