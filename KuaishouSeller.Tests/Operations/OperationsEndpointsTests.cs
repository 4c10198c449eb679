using System.Net;
using System.Text.Json;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Tests.Infrastructure;
using KuaishouSeller.Tests.Reliability;

namespace KuaishouSeller.Tests.Operations;

/// <summary>/health/live, /health/ready and /metrics over real HTTP on Kestrel.</summary>
public sealed class OperationsEndpointsTests
{
    private static readonly Dictionary<string, string> NoSeed = new() { ["DemoWorld:SeedOnFirstStart"] = "false" };

    [Fact]
    public async Task A_ready_node_answers_its_probes_and_its_metrics_on_loopback_only()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new ExistingDatabaseApp(database.Options, useKestrel: true, NoSeed);
        app.Start();
        using var client = new HttpClient { BaseAddress = new Uri(app.RootUri) };

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var ready = await WaitReadyAsync(client);
        var checks = ready.RootElement.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString());
        Assert.Equal(["database-open", "database", "migrations", "scheduler"], checks.Keys);
        Assert.All(checks.Values, status => Assert.Equal("Healthy", status));

        await client.GetAsync("/Account/Login");
        var metrics = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        var text = await metrics.Content.ReadAsStringAsync();
        Assert.Contains("http_server_request_duration_seconds_bucket", text);
        Assert.Contains("service_name=\"kuaishou-seller\"", text);

        // What a proxy forwards comes from elsewhere: refused with problem details.
        using var forwarded = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { { "X-Forwarded-For", "203.0.113.7" } } };
        var refused = await client.SendAsync(forwarded);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("http_server", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_node_without_its_database_is_alive_but_not_ready()
    {
        var unreachable = new DatabaseOptions
        {
            Provider = DatabaseProvider.Postgres,
            ConnectionString = "Host=127.0.0.1;Port=1;Database=nowhere;Username=postgres;Password=postgres;Timeout=2",
        };
        await using var app = new ExistingDatabaseApp(unreachable, useKestrel: true, NoSeed);
        app.Start();
        using var client = new HttpClient { BaseAddress = new Uri(app.RootUri) };

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var body = await ready.Content.ReadAsStringAsync();
        Assert.Contains("\"Unhealthy\"", body);
        Assert.DoesNotContain("Password", body);
    }

    private static async Task<JsonDocument> WaitReadyAsync(HttpClient client)
    {
        for (var i = 0; i < 100; i++)
        {
            var response = await client.GetAsync("/health/ready");
            if (response.StatusCode == HttpStatusCode.OK) return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            await Task.Delay(200);
        }
        throw new TimeoutException("Not ready within 20 s: " + await (await client.GetAsync("/health/ready")).Content.ReadAsStringAsync());
    }
}
