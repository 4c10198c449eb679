using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace KuaishouSeller.Tests.Reliability;

/// <summary>Debian's nginx on a loopback port with the repository's two-node configuration (deploy/nginx/two-nodes.conf).</summary>
public sealed class Nginx : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/sbin/nginx";
    private readonly Process _process;
    private readonly string _prefix;

    private Nginx(Process process, string prefix, int port) => (_process, _prefix, RootUri) = (process, prefix, $"http://127.0.0.1:{port}");

    public string RootUri { get; }

    public static async Task<Nginx> StartAsync(string nodeA, string nodeB)
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException($"{ExecutablePath} is missing: install Debian's nginx (bash .ci/run does).");
        var prefix = Directory.CreateTempSubdirectory("ks-nginx").FullName;
        var port = FreePort();
        var config = (await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "two-nodes.conf")))
            .Replace("{{PREFIX}}", prefix).Replace("{{LISTEN}}", $"127.0.0.1:{port}")
            .Replace("{{NODE_A}}", HostPort(nodeA)).Replace("{{NODE_B}}", HostPort(nodeB));
        await File.WriteAllTextAsync(Path.Combine(prefix, "nginx.conf"), config);
        var process = Process.Start(new ProcessStartInfo(ExecutablePath) { ArgumentList = { "-p", prefix, "-c", Path.Combine(prefix, "nginx.conf") }, RedirectStandardError = true })!;
        var nginx = new Nginx(process, prefix, port);
        for (var i = 0; i < 100; i++)
        {
            if (process.HasExited)
                throw new InvalidOperationException("nginx did not start: " + await process.StandardError.ReadToEndAsync());
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return nginx;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        await nginx.DisposeAsync();
        throw new InvalidOperationException("nginx did not open its port.");
    }

    public static string HostPort(string rootUri) => new Uri(rootUri).Authority;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        try { Directory.Delete(_prefix, recursive: true); } catch (IOException) { }
    }
}
