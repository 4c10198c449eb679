using System.Net;
using KuaishouSeller.Core.DemoWorld;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KuaishouSeller.Tests.Reliability;

/// <summary>
/// PostgreSQL goes away while a user works: the open page and a fresh page load both say so clearly (no crash, no
/// error screen), the circuit survives, and once the database is back the next action works without a restart.
/// </summary>
public sealed class DatabaseOutageInChromiumTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private const string Unavailable = "系统暂时无法访问数据库";
    private readonly AppFactory _app = new(DatabaseProvider.Postgres, useKestrel: true);

    public Task InitializeAsync() => _app.InitializeAsync();

    public async Task DisposeAsync()
    {
        await PostgresSwitch.SetReachableAsync(_app.Database.Options, reachable: true);
        await ((IAsyncLifetime)_app).DisposeAsync();
    }

    [Fact]
    public async Task The_user_is_told_the_database_is_unavailable_and_carries_on_when_it_returns()
    {
        var page = await chromium.NewPageAsync(_app.RootUri);
        await Chromium.SignInAsync(page, "owner@demo.ks", DemoWorldSeeder.DemoPassword);
        await page.GotoAsync("/inventory");
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        var rows = page.Locator("[data-testid=stock-table] tbody tr");
        await Expect(rows).ToHaveCountAsync(50);

        await PostgresSwitch.SetReachableAsync(_app.Database.Options, reachable: false);

        // In the open page: moving to another page needs the database; the shell stays, the page says why.
        await page.Locator("a[href='/scores']").First.ClickAsync();
        await Expect(page.Locator("[data-testid=page-error]")).ToContainTextAsync(Unavailable);
        await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "database-unavailable.png") });

        // A fresh page load gets the plain 503 page with the same words, never a stack trace.
        var tab = await page.Context.NewPageAsync();
        var response = await tab.GotoAsync("/inventory");
        Assert.Equal((int)HttpStatusCode.ServiceUnavailable, response!.Status);
        await Expect(tab.Locator("main[role=alert]")).ToContainTextAsync(Unavailable);
        Assert.DoesNotContain("Exception", await tab.ContentAsync());

        await PostgresSwitch.SetReachableAsync(_app.Database.Options, reachable: true);

        // Same circuit, no restart: "try again" renders the page from the database.
        await page.ClickAsync("[data-testid=page-error-retry]");
        await Expect(page.Locator("[data-testid=page-error]")).ToHaveCountAsync(0);
        await Expect(page.Locator(".ks-page-title").First).ToContainTextAsync("店铺评分");
        await page.Locator("a[href='/inventory']").First.ClickAsync();
        await Expect(rows).ToHaveCountAsync(50);

        // And the next page load works too.
        response = await tab.GotoAsync("/inventory");
        Assert.Equal((int)HttpStatusCode.OK, response!.Status);
        await tab.Locator("[data-circuit=ready]").WaitForAsync();
        await Expect(tab.Locator("[data-testid=stock-table] tbody tr")).ToHaveCountAsync(50);
    }
}
