using System.Text;
using KuaishouSeller.Core.DemoWorld;
using KuaishouSeller.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace KuaishouSeller.Tests.Browser;

/// <summary>The 5S dashboard and the settlement view in Chromium, with the dashboard export over real HTTP.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardInChromiumTests(KestrelAppFactory app, Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task The_dashboard_splits_the_shelf_by_entrance_ranks_goods_and_exports_its_table()
    {
        var page = await chromium.NewPageAsync(app.RootUri);
        var problems = Chromium.WatchProblems(page);
        await Chromium.SignInAsync(page, "owner@demo.ks", DemoWorldSeeder.DemoPassword);
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        await Expect(page.Locator("[data-testid=entrance-row]")).ToHaveCountAsync(5);
        await Expect(page.Locator("[data-testid=top-goods] tbody tr")).ToHaveCountAsync(10);
        await Expect(page.Locator("[data-testid=top-creators] tbody tr").First).ToBeVisibleAsync();
        await Expect(page.Locator("canvas").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "dashboard.png"), FullPage = true });

        var csv = await page.Context.APIRequest.GetAsync("/reports/dashboard.csv?days=7");
        Assert.Equal(200, csv.Status);
        var text = Encoding.UTF8.GetString(await csv.BodyAsync());
        Assert.StartsWith("\uFEFF日期从,日期到,场域,入口", text);
        Assert.Contains(",Shelf,Search,", text);

        foreach (var report in new[] { "top.xlsx", "settlement.csv", "plan.xlsx?month=2026-11" })
            Assert.Equal(200, (await page.Context.APIRequest.GetAsync($"/reports/{report}")).Status);
        var plan = Encoding.UTF8.GetString(await (await page.Context.APIRequest.GetAsync("/reports/plan.csv?month=2026-11")).BodyAsync());
        Assert.Equal(1 + 3 * 4, plan.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // header + 3 shops × 4 channels
        Assert.Equal(404, (await page.Context.APIRequest.GetAsync("/reports/secrets.csv")).Status);

        await page.GotoAsync("/settlement");
        await Expect(page.Locator("[data-testid=settlement-table]")).ToContainTextAsync("泛货架");
        await Expect(page.Locator("[data-testid=kpi-waived]")).ToContainTextAsync("¥");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "settlement.png"), FullPage = true });

        await page.GotoAsync("/growth");
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        await Expect(page.Locator("[data-testid=chuanliu] [data-testid=programme-rule]")).ToHaveCountAsync(3);
        await page.ClickAsync("[data-testid=chuanliu-enrol]");
        await Expect(page.Locator("[data-testid=chuanliu-extra]")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "growth.png"), FullPage = true });

        await page.Context.CloseAsync();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}
