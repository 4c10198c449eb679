using System.Diagnostics;
using System.Net;
using System.Text;
using KuaishouSeller.Core.DemoWorld;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Tests.Infrastructure;
using KuaishouSeller.Tests.Reliability;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using OpenTelemetry.Trace;

namespace KuaishouSeller.Tests.Operations;

/// <summary>
/// The traces of one page load, from the app's own OpenTelemetry setup with an in-memory exporter: the request span and
/// the EF Core commands under it in one trace. The tree is written to spans-one-page-load.txt (the README shows it).
/// And the operator page: the platform sees every run, a merchant is refused.
/// </summary>
public sealed class PageLoadSpansTests
{
    [Fact]
    public async Task One_page_load_is_one_trace_with_the_database_commands_under_the_request()
    {
        await using var world = await SeededWorld.CreateAsync(DatabaseProvider.Sqlite);
        // The exporter adds from the threads that end spans (requests, jobs) while the test reads: a locked collection.
        var spans = new LockedSpans();
        await using var app = new ExistingDatabaseApp(world.Database.Options, settings: new Dictionary<string, string> { ["DemoWorld:SeedOnFirstStart"] = "false" })
            .WithWebHostBuilder(b => b.ConfigureTestServices(s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans))));
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        Assert.Equal(HttpStatusCode.Redirect, (await FormClient.SignInAsync(client, "owner@demo.ks", DemoWorldSeeder.DemoPassword)).StatusCode);

        spans.Clear();
        var page = await client.GetAsync("/inventory");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        // The server span ends (and is exported) just after the response is complete.
        Activity? request = null;
        for (var i = 0; i < 200 && request is null; i++)
        {
            request = spans.Snapshot().FirstOrDefault(a => a.Kind == ActivityKind.Server && a.GetTagItem("url.path") as string == "/inventory");
            if (request is null) await Task.Delay(100);
        }
        var all = spans.Snapshot();
        Assert.True(request is not null, "No server span for /inventory among: " + string.Join(", ", all.Select(a => $"{a.Kind} {a.DisplayName}")));
        var trace = all.Where(a => a.TraceId == request.TraceId).ToList();
        var database = trace.Where(a => a.Source.Name.Contains("EntityFrameworkCore", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(database);
        Assert.All(database, a => Assert.True(IsUnder(a, request, trace), $"{a.DisplayName} is not under the request span"));

        var text = Tree(request, trace);
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "spans-one-page-load.txt"), text);
        Console.WriteLine(text);

        // The operator page, through the same app: the platform reviewer sees the list, the merchant owner is refused.
        using var reviewer = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await FormClient.SignInAsync(reviewer, "reviewer@demo.ks", DemoWorldSeeder.DemoPassword);
        Assert.Contains("data-testid=\"jobs-table\"", await reviewer.GetStringAsync("/settings/jobs"));
        Assert.Contains("data-testid=\"settings-jobs\"", await reviewer.GetStringAsync("/settings"));
        var refused = await client.GetStringAsync("/settings/jobs");
        Assert.Contains("data-testid=\"jobs-refused\"", refused);
        Assert.DoesNotContain("data-testid=\"jobs-table\"", refused);
        Assert.DoesNotContain("data-testid=\"settings-jobs\"", await client.GetStringAsync("/settings"));
    }

    private static bool IsUnder(Activity span, Activity root, List<Activity> trace)
    {
        for (var parent = span.ParentSpanId; parent != default;)
        {
            if (parent == root.SpanId) return true;
            var next = trace.FirstOrDefault(a => a.SpanId == parent);
            if (next is null) return false;
            parent = next.ParentSpanId;
        }
        return false;
    }

    private static string Tree(Activity root, List<Activity> trace)
    {
        var text = new StringBuilder($"trace {root.TraceId}\n");
        void Write(Activity span, int depth)
        {
            var offset = (span.StartTimeUtc - root.StartTimeUtc).TotalMilliseconds;
            var what = span.GetTagItem("db.query.text") ?? span.GetTagItem("db.statement") ?? span.GetTagItem("http.route");
            var line = $"{new string(' ', depth * 2)}{span.DisplayName} [{span.Source.Name}] +{offset:0.0} ms, {span.Duration.TotalMilliseconds:0.0} ms";
            text.AppendLine(what is string sql ? $"{line}: {Shorten(sql)}" : line);
            foreach (var child in trace.Where(a => a.ParentSpanId == span.SpanId).OrderBy(a => a.StartTimeUtc)) Write(child, depth + 1);
        }
        Write(root, 0);
        return text.ToString();
    }

    private static string Shorten(string sql)
    {
        var one = string.Join(' ', sql.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        return one.Length <= 90 ? one : one[..90] + "…";
    }
}

/// <summary>A collection the in-memory exporter can add to from any thread while the test takes snapshots.</summary>
internal sealed class LockedSpans : ICollection<Activity>
{
    private readonly List<Activity> _items = [];

    public List<Activity> Snapshot() { lock (_items) return [.. _items]; }
    public int Count { get { lock (_items) return _items.Count; } }
    public bool IsReadOnly => false;
    public void Add(Activity item) { lock (_items) _items.Add(item); }
    public void Clear() { lock (_items) _items.Clear(); }
    public bool Contains(Activity item) { lock (_items) return _items.Contains(item); }
    public void CopyTo(Activity[] array, int arrayIndex) { lock (_items) _items.CopyTo(array, arrayIndex); }
    public bool Remove(Activity item) { lock (_items) return _items.Remove(item); }
    public IEnumerator<Activity> GetEnumerator() => Snapshot().GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
