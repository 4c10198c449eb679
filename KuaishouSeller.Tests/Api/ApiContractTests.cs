using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using KuaishouSeller.Core.Persistence;
using Xunit.Abstractions;

namespace KuaishouSeller.Tests.Api;

/// <summary>
/// What holds whatever the database: the OpenAPI document describes every endpoint completely, the per-key rate limit
/// answers 429 with Retry-After, and the operator verb prints a working key as its last line.
/// </summary>
[Collection(SqliteApiCollection.Name)]
public sealed class ApiContractTests(SqliteApiApp app, ITestOutputHelper output)
{
    private static readonly string[] Problems = ["401", "403", "404", "429"];

    [Fact]
    public async Task Every_endpoint_has_a_summary_its_success_schema_and_its_problem_responses()
    {
        using var client = app.Client();
        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());

        var operations = 0;
        var missing = new List<string>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete"))
        {
            operations++;
            var name = $"{operation.Name.ToUpperInvariant()} {path.Name}";
            var op = operation.Value;
            if (!op.TryGetProperty("summary", out var summary) || string.IsNullOrWhiteSpace(summary.GetString())) missing.Add($"{name}: summary");
            var responses = op.GetProperty("responses");
            if (!responses.TryGetProperty("200", out var ok) || !ok.TryGetProperty("content", out var content)
                || !content.TryGetProperty("application/json", out var json) || !json.TryGetProperty("schema", out _))
                missing.Add($"{name}: 200 schema");
            foreach (var status in Problems)
                if (!responses.TryGetProperty(status, out var problem) || !problem.TryGetProperty("content", out var pc) || !pc.TryGetProperty("application/problem+json", out _))
                    missing.Add($"{name}: {status} problem");
        }
        Assert.True(missing.Count == 0, string.Join(Environment.NewLine, missing));
        Assert.True(document.GetProperty("paths").EnumerateObject().All(p => p.Name.StartsWith("/api/v1/", StringComparison.Ordinal)));
        foreach (var expected in new[] { "/api/v1/stock", "/api/v1/stock/{skuId}", "/api/v1/stock/changes", "/api/v1/stock/{skuId}/adjustments", "/api/v1/products",
                     "/api/v1/product-cards", "/api/v1/scores/shops/{shopId}", "/api/v1/scores/products/{listingId}", "/api/v1/scores/creators/{creatorId}",
                     "/api/v1/campaigns", "/api/v1/campaigns/{campaignId}/registrations", "/api/v1/orders", "/api/v1/orders/{orderId}",
                     "/api/v1/orders/{orderId}/shipment", "/api/v1/orders/{orderId}/cancellation", "/api/v1/carrier-events", "/api/v1/after-sales",
                     "/api/v1/after-sales/{afterSaleId}/decision" })
            Assert.True(document.GetProperty("paths").TryGetProperty(expected, out _), $"{expected} is not in the document");
        Assert.True(operations >= 11);

        var reference = await client.GetAsync("/api/reference/v1");
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        Assert.Contains("text/html", reference.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Past_its_limit_a_key_gets_429_with_retry_after()
    {
        var owner = await app.UserIdAsync("owner@demo.ks");
        var key = await app.CreateKeyAsync(owner, "rate limited", ["campaigns.view"]);
        using var client = app.Client(key.Key);
        HttpResponseMessage? limited = null;
        for (var i = 0; i <= ApiApp.RequestsPerMinute && limited is null; i++)
        {
            var response = await client.GetAsync("/api/v1/campaigns");
            if (response.StatusCode == HttpStatusCode.TooManyRequests) limited = response;
            else Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.NotNull(limited);
        await ApiTests.AssertProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single()) >= 1);

        // Another key is not held back by the first one's limit.
        using var other = app.Client((await app.CreateKeyAsync(owner, "not limited", ["campaigns.view"])).Key);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/v1/campaigns")).StatusCode);
    }

    [Fact]
    public async Task The_operator_verb_prints_a_working_key_as_its_last_line()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["Database__Provider"] = app.Database.Options.Provider.ToString(),
                ["Database__ConnectionString"] = app.Database.Options.ConnectionString,
            },
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "KuaishouSeller.Web.dll"), "apikey", "create", "--user", "owner@demo.ks",
                     "--name", "cli key", "--permissions", "stock.view,catalog.view", "--days", "30" })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        var text = await stdout;
        output.WriteLine(text + await stderr);
        Assert.Equal(0, process.ExitCode);
        var key = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
        Assert.StartsWith("ks_", key);

        using var client = app.Client(key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/stock?limit=1")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/campaigns")).StatusCode);

        // A wider request than the user holds is refused and prints no key.
        var refused = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in start.Environment) refused.Environment[name] = value;
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "KuaishouSeller.Web.dll"), "apikey", "create", "--user", "owner@demo.ks",
                     "--name", "bad", "--permissions", "no.such.permission" })
            refused.ArgumentList.Add(arg);
        using var second = Process.Start(refused)!;
        var secondOut = await second.StandardOutput.ReadToEndAsync();
        await second.StandardError.ReadToEndAsync();
        await second.WaitForExitAsync(timeout.Token);
        Assert.NotEqual(0, second.ExitCode);
        Assert.DoesNotContain("ks_", secondOut);
    }
}
