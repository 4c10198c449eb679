using KuaishouSeller.Core.DemoWorld;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KuaishouSeller.Tests.Browser;

/// <summary>What was seen on screenshots: the phone layout, chart text after a theme switch, toasts across pages.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LayoutInChromiumTests(KestrelAppFactory app, Chromium chromium) : IClassFixture<Chromium>
{
    private async Task<(IPage Page, List<string> Problems)> SignedInAsync(string email, int width = 1440, int height = 900)
    {
        var page = await chromium.NewPageAsync(app.RootUri, width, height);
        var problems = Chromium.WatchProblems(page);
        await Chromium.SignInAsync(page, email, DemoWorldSeeder.DemoPassword);
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        return (page, problems);
    }

    private static async Task DoneAsync(IPage page, List<string> problems)
    {
        await page.Context.CloseAsync();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private static Task<bool> CutAsync(ILocator element) => element.EvaluateAsync<bool>("e => e.scrollWidth > e.clientWidth + 1");

    [Fact]
    public async Task On_a_phone_the_workspace_reads_in_full_the_stock_search_has_the_width_and_a_page_is_ten_cards()
    {
        var (page, problems) = await SignedInAsync("owner@demo.ks", 390, 844);
        await page.GotoAsync("/inventory");
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        await Expect(page.Locator("[data-testid=stock-table] tbody tr")).ToHaveCountAsync(10);
        var organisation = page.Locator("[data-testid=workspace-switcher] .ks-workspace-org");
        var shop = page.Locator("[data-testid=workspace-switcher] .ks-workspace-shop-name");
        await Expect(organisation).ToHaveTextAsync("山野茶坊");
        await Expect(shop).ToHaveTextAsync("全部店铺");
        Assert.False(await CutAsync(organisation), "the organisation name is cut");
        Assert.False(await CutAsync(shop), "the shop name is cut");
        var search = await page.Locator("input[data-testid=stock-search]").BoundingBoxAsync();
        Assert.True(search!.Width >= 280, $"the search box is {search.Width}px wide");
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight") < 6000);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "phone-stock.png") });
        await DoneAsync(page, problems);
    }

    [Fact]
    public async Task Chart_text_follows_a_switch_to_dark_mode_without_a_reload()
    {
        var (page, problems) = await SignedInAsync("owner@demo.ks");
        await page.WaitForFunctionAsync("() => { const c = document.querySelector('canvas'); return c && window.Chart && Chart.getChart(c); }");
        const string tickColour = "() => Chart.getChart(document.querySelector('canvas')).options.scales.x.ticks.color";
        const string themeColour = "() => getComputedStyle(document.documentElement).getPropertyValue('--mud-palette-text-secondary').trim()";
        var light = await page.EvaluateAsync<string>(tickColour);
        Assert.Equal(await page.EvaluateAsync<string>(themeColour), light);

        await page.ClickAsync("[data-testid=theme-toggle]");
        await page.WaitForFunctionAsync($"c => ({themeColour})() !== c", light);
        var dark = await page.EvaluateAsync<string>(themeColour);
        await page.WaitForFunctionAsync($"c => ({tickColour})() === c", dark);
        await DoneAsync(page, problems);
    }

    [Fact]
    public async Task A_toast_sits_bottom_right_and_does_not_follow_to_the_next_page()
    {
        var (page, problems) = await SignedInAsync("owner@demo.ks");
        await page.GotoAsync("/inventory");
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        var threshold = page.Locator("[data-testid=stock-table] input[data-testid=threshold]").Last;
        var before = await threshold.InputValueAsync();
        await threshold.FillAsync((int.Parse(before) + 1).ToString());
        await threshold.PressAsync("Tab");
        await Expect(page.Locator(".mud-snackbar")).ToBeVisibleAsync();
        await Expect(page.Locator(".mud-snackbar-location-bottom-right")).ToHaveCountAsync(1);

        // Put it back, then leave: the toast of the stock page stays behind.
        await threshold.FillAsync(before);
        await threshold.PressAsync("Tab");
        await Expect(page.Locator(".mud-snackbar")).Not.ToHaveCountAsync(0);
        await page.ClickAsync(".mud-drawer a[href='/']");
        await Expect(page.Locator("[data-testid=kpi-gmv]")).ToBeVisibleAsync();
        await Expect(page.Locator(".mud-snackbar")).ToHaveCountAsync(0);
        await DoneAsync(page, problems);
    }
}
