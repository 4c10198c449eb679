using System.Text.RegularExpressions;
using KuaishouSeller.Core.DemoWorld;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KuaishouSeller.Tests.Browser;

/// <summary>The to-do panel on the home page: each role sees the parts it may act on, and the stake banner opens exactly the orders it counted.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class TodoInChromiumTests(KestrelAppFactory app, Chromium chromium) : IClassFixture<Chromium>
{
    [GeneratedRegex(@"今天(?:发出这|有) (\d+) 单")]
    private static partial Regex DueToday();

    [Fact]
    public async Task The_stake_banner_opens_todays_orders_by_points_at_stake_and_each_role_sees_only_its_parts()
    {
        var page = await chromium.NewPageAsync(app.RootUri, 1440, 900);
        var problems = Chromium.WatchProblems(page);
        await Chromium.SignInAsync(page, "owner@demo.ks", DemoWorldSeeder.DemoPassword);
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        var panel = page.Locator("[data-testid=todo-panel]");
        await Expect(panel.Locator("[data-testid=todo-to-ship]")).ToBeVisibleAsync();
        await Expect(panel.Locator("[data-testid=todo-after-sales]")).ToBeVisibleAsync();
        await Expect(panel.Locator("[data-testid=todo-chats]")).ToBeVisibleAsync();
        await Expect(panel.Locator("[data-testid=low-stock-alert]")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "todo-panel.png") });

        var banner = page.Locator("[data-testid=stake-banner]");
        var due = int.Parse(DueToday().Match(await banner.InnerTextAsync()).Groups[1].Value);
        Assert.InRange(due, 1, 50); // one page of the list
        await banner.Locator("a").ClickAsync();
        await Chromium.ExpectAddressAsync(page, "**/orders?state=ToShip&due=today&sort=stake");
        await Expect(page.Locator("[data-testid=order-row]")).ToHaveCountAsync(due);
        foreach (var state in await page.Locator("[data-testid=order-row] [data-testid=order-state]").AllInnerTextsAsync())
            Assert.Equal("已支付", state.Trim()); // paid, not shipped
        await Expect(page.Locator("[data-testid=orders-stake-banner]")).ToContainTextAsync($"{due} 单");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "orders-due-today.png"), FullPage = true });
        await page.Context.CloseAsync();

        // Customer service ships nothing and sees no stock or campaigns: those tiles are absent, its own are there.
        var service = await chromium.NewPageAsync(app.RootUri, 390, 844);
        problems.AddRange(Chromium.WatchProblems(service));
        await Chromium.SignInAsync(service, "service@demo.ks", DemoWorldSeeder.DemoPassword);
        await service.Locator("[data-circuit=ready]").WaitForAsync();
        await Expect(service.Locator("[data-testid=todo-chats]")).ToBeVisibleAsync();
        await Expect(service.Locator("[data-testid=todo-after-sales]")).ToBeVisibleAsync();
        await Expect(service.Locator("[data-testid=low-stock-alert]")).ToHaveCountAsync(0);
        await Expect(service.Locator("[data-testid=todo-rejections]")).ToHaveCountAsync(0);
        await service.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "todo-panel-service-390.png"), FullPage = true });
        await service.Context.CloseAsync();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}
