using System.Net;
using KuaishouSeller.Core.DemoWorld;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KuaishouSeller.Tests.Reliability;

/// <summary>
/// Two web nodes on one PostgreSQL database behind nginx with sticky sessions: a Blazor page works through the proxy
/// (its WebSocket and every request on one node), and a user signed in on one node keeps working on the other, because
/// the Data Protection keys that encrypt the sign-in cookie live in the shared database.
/// </summary>
public sealed class TwoNodesBehindProxyTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private TestDatabase _database = default!;
    private ExistingDatabaseApp _nodeA = default!, _nodeB = default!;
    private Nginx _proxy = default!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await DemoWorldSeeder.SeedAsync(_database.Options, DemoWorldSize.Demo, 618, TimeProvider.System, reset: false);
        (_nodeA, _nodeB) = (new ExistingDatabaseApp(_database.Options, useKestrel: true), new ExistingDatabaseApp(_database.Options, useKestrel: true));
        _nodeA.Start();
        _nodeB.Start();
        _proxy = await Nginx.StartAsync(_nodeA.RootUri, _nodeB.RootUri);
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _nodeA.DisposeAsync();
        await _nodeB.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_Blazor_page_works_through_the_proxy_and_stays_on_one_node()
    {
        var page = await chromium.NewPageAsync(_proxy.RootUri);
        var nodes = new HashSet<string>();
        page.Response += (_, response) => { if (response.Headers.TryGetValue("x-upstream", out var node)) lock (nodes) nodes.Add(node); };
        var socket = page.WaitForWebSocketAsync();
        await Chromium.SignInAsync(page, "owner@demo.ks", DemoWorldSeeder.DemoPassword);
        await page.GotoAsync("/inventory");
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        Assert.Contains("/_blazor", (await socket).Url);

        // An interaction over the circuit: search narrows the table.
        await Expect(page.Locator("[data-testid=stock-table] tbody tr")).ToHaveCountAsync(50);
        var code = (await page.Locator("[data-testid=stock-table] tbody tr td").First.InnerTextAsync()).Trim();
        await page.Locator("input[data-testid=stock-search]").FillAsync(code);
        await Expect(page.Locator("[data-testid=stock-table] tbody tr")).ToHaveCountAsync(1);
        lock (nodes) Assert.True(nodes.Count == 1, "Requests of one browser went to several nodes: " + string.Join(", ", nodes));
    }

    [Fact]
    public async Task A_user_signed_in_on_one_node_keeps_working_when_the_other_node_serves_them()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = new Uri(_proxy.RootUri) };
        var signIn = await FormClient.SignInAsync(client, "owner@demo.ks", DemoWorldSeeder.DemoPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var first = await client.GetAsync("/inventory");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var signedInOn = first.Headers.GetValues("X-Upstream").Single();
        var (home, other) = signedInOn == Nginx.HostPort(_nodeA.RootUri) ? (_nodeA, _nodeB) : (_nodeB, _nodeA);

        // The node that signed the user in goes away; the proxy sends the same browser (same cookies) to the other node.
        await home.DisposeAsync();
        var next = await client.GetAsync("/inventory");
        // nginx lists every node it tried; the last one answered.
        Assert.Equal(Nginx.HostPort(other.RootUri), next.Headers.GetValues("X-Upstream").Single().Split(", ").Last());
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        var html = await next.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"stock-table\"", html);
        Assert.DoesNotContain("Input.Password", html);

        // What made that possible: the key that encrypts the cookie is in the shared database, not on one node's disk.
        await using var db = _database.CreateContext();
        Assert.NotEmpty(await db.DataProtectionKeys.ToListAsync());
    }
}
