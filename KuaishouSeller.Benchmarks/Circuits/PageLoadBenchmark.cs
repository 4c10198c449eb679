using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using KuaishouSeller.Core.DemoWorld;

namespace KuaishouSeller.Benchmarks.Circuits;

/// <summary>
/// The signed-in pages a merchant opens most, prerendered over real HTTP: the web app on Kestrel (loopback, in this
/// process), the owner signed in through the Identity form, then N connections requesting one page for a few seconds,
/// page after page. The dashboard's requests per second are reported beside the stock page's, measured in the same run
/// (issue: the dashboard at least as fast as /inventory). The same measurement as <c>loadtest/http.sh</c> with wrk, but
/// inside the runner, so <c>all</c> reports it on both providers and on the <c>large</c> world.
/// </summary>
public sealed partial class PageLoadBenchmark : IBenchmark
{
    private static readonly string[] Pages = ["/", "/inventory", "/orders"];

    public string Name => "pages";
    public string Description => "signed-in GET of /, /inventory and /orders over Kestrel: requests/s and p50/p99, the dashboard beside the stock page (--seconds 10 --connections 16,64)";

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchWorld world, BenchOptions options)
    {
        var seconds = options.Int("seconds", 10);
        var connectionCounts = options.Settings.TryGetValue("connections", out var list)
            ? list.Split(',').Select(int.Parse).ToArray()
            : [16, 64];
        var figures = new FigureList(Name, world);
        await using var server = await WebServer.StartAsync(world.Database);
        var cookies = new CookieContainer();
        using var http = new HttpClient(new SocketsHttpHandler
        {
            CookieContainer = cookies, AllowAutoRedirect = false,
            MaxConnectionsPerServer = connectionCounts.Max(), PooledConnectionLifetime = TimeSpan.FromHours(1),
        })
        { BaseAddress = new Uri(server.RootUri), Timeout = TimeSpan.FromSeconds(30) };
        await SignInAsync(http, "owner@demo.ks");

        // Every page answers with itself (not the sign-in form), then every page is warmed up under load before any is
        // measured, so the first one measured does not pay alone for tiered JIT and the plan caches.
        foreach (var page in Pages)
        {
            var html = await http.GetStringAsync(page);
            if (html.Contains("Input.Password", StringComparison.Ordinal)) throw new InvalidOperationException($"{page} answered the sign-in form");
        }
        foreach (var page in Pages) await DriveAsync(http, page, connectionCounts.Min(), TimeSpan.FromSeconds(Math.Max(3, seconds / 2)));

        foreach (var connections in connectionCounts)
        {
            var perSecond = new Dictionary<string, double>();
            foreach (var page in Pages)
            {
                var run = await DriveAsync(http, page, connections, TimeSpan.FromSeconds(seconds));
                perSecond[page] = run.PerSecond;
                Console.WriteLine($"{world.Provider,-8} pages: {page,-11} {connections,3} connections: {run.PerSecond,7:0.0} req/s, p50 {run.P50,6:0.0} ms, p99 {run.P99,6:0.0} ms, {run.Failed} failed");
                if (page is not ("/" or "/inventory")) figures.Value($"{page}, {connections} connections: requests/s", "req/s", run.PerSecond);
                figures.Value($"{page}, {connections} connections: p99", "ms", run.P99);
                if (run.Failed > 0) figures.Value($"{page}, {connections} connections: failed (not 200)", "count", run.Failed);
            }
            figures.Beside($"/ (dashboard), {connections} connections: requests/s", "req/s", perSecond["/"], $"/inventory, {connections} connections: requests/s", perSecond["/inventory"]);
        }
        return figures;
    }

    private sealed record Run(double PerSecond, double P50, double P99, int Failed);

    /// <summary>Requests one page from <paramref name="connections"/> loops for <paramref name="duration"/>; only 200s count.</summary>
    private static async Task<Run> DriveAsync(HttpClient http, string page, int connections, TimeSpan duration)
    {
        var latencies = new List<double>[connections];
        var failed = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async c =>
        {
            var mine = latencies[c] = [];
            var buffer = new byte[64 * 1024];
            while (clock.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync(page, HttpCompletionOption.ResponseHeadersRead);
                await using (var body = await response.Content.ReadAsStreamAsync())
                    while (await body.ReadAsync(buffer) > 0) { }
                if (response.StatusCode == HttpStatusCode.OK) mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                else Interlocked.Increment(ref failed);
            }
        }));
        var elapsed = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        double At(double q) => all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)(q * all.Length))];
        return new Run(all.Length / elapsed, At(0.50), At(0.99), failed);
    }

    /// <summary>Signs in through the real Identity form (antiforgery token and cookie), as the browser does.</summary>
    private static async Task SignInAsync(HttpClient http, string email)
    {
        var form = await http.GetStringAsync("/Account/Login");
        var token = WebUtility.HtmlDecode(Token().Match(form).Groups[1].Value);
        using var answer = await http.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["_handler"] = "login",
            ["Input.Email"] = email, ["Input.Password"] = DemoWorldSeeder.DemoPassword, ["Input.RememberMe"] = "false",
        }));
        if (answer.StatusCode != HttpStatusCode.Redirect || answer.Headers.Location?.OriginalString.Contains("/Account/Login", StringComparison.Ordinal) == true)
            throw new InvalidOperationException($"signing {email} in answered {(int)answer.StatusCode} {answer.Headers.Location}");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
