using KuaishouSeller.Core.DemoWorld;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.Playwright;

namespace KuaishouSeller.Tests.Browser;

/// <summary>
/// The app on a real Kestrel port, driven by Chromium: sign in as demo users, click through the shell
/// and check that the interactive circuit answers.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ShellInChromiumTests(KestrelAppFactory app, Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private IPage _page = default!;

    private List<string> _browserProblems = [];

    public async Task InitializeAsync()
    {
        _page = await chromium.NewPageAsync(app.RootUri);
        _browserProblems = Chromium.WatchProblems(_page);
    }

    public async Task DisposeAsync()
    {
        await _page.Context.CloseAsync();
        // Every flow must run without script errors or failed requests in the browser.
        Assert.True(_browserProblems.Count == 0, string.Join(Environment.NewLine, _browserProblems));
    }

    private static DemoLogin Login(string email) => DemoWorldSeeder.Logins.Single(l => l.Email == email);

    private async Task SignInAsync(string email)
    {
        // Start from a protected page: it must send us to the sign-in form first.
        await _page.GotoAsync("/");
        await Chromium.ExpectAddressAsync(_page, "**/Account/Login**");
        await Chromium.SignInAsync(_page, email, Login(email).Password);
    }

    /// <summary>Waits until the Blazor circuit is connected so clicks reach the server.</summary>
    private async Task WaitForCircuitAsync() =>
        await _page.Locator("[data-circuit=ready]").WaitForAsync();

    [Fact]
    public async Task The_owner_signs_in_and_sees_the_dashboard_with_figures()
    {
        await SignInAsync("owner@demo.ks");
        await _page.Locator("[data-testid=kpi-gmv]").WaitForAsync();
        await Microsoft.Playwright.Assertions.Expect(_page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex("经营概览"));
        var gmv = await _page.Locator("[data-testid=kpi-gmv]").InnerTextAsync();
        Assert.Matches(@"¥[\d.,]+万?", gmv);
        var channelRows = await _page.Locator("[data-testid=channel-table] tbody tr:not([data-testid=entrance-row])").CountAsync();
        Assert.Equal(4, channelRows);
        await _page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "dashboard.png"), FullPage = true });
    }

    [Fact]
    public async Task The_circuit_answers_navigation_paging_and_search_in_the_catalog()
    {
        await SignInAsync("owner@demo.ks");
        await WaitForCircuitAsync();
        await _page.ClickAsync("a[href='/catalog']");
        await Chromium.ExpectAddressAsync(_page, "**/catalog");
        var rows = _page.Locator("[data-testid=sku-table] tbody tr[data-testid=sku-row]");
        await rows.First.WaitForAsync();
        Assert.Equal(25, await rows.CountAsync());

        var firstCode = (await rows.First.Locator("code").InnerTextAsync()).Trim();
        await _page.FillAsync("input[data-testid=sku-search], [data-testid=sku-search] input", firstCode);
        await Microsoft.Playwright.Assertions.Expect(rows).ToHaveCountAsync(1);
        Assert.Equal(firstCode, (await rows.First.Locator("code").InnerTextAsync()).Trim());
        await _page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "catalog-search.png") });
    }

    [Fact]
    public async Task Dark_mode_and_english_survive_a_reload()
    {
        await SignInAsync("operator@demo.ks");
        await WaitForCircuitAsync();
        var background = () => _page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        var light = await background();
        await _page.ClickAsync("[data-testid=theme-toggle]");
        await _page.WaitForFunctionAsync("c => getComputedStyle(document.body).backgroundColor !== c", light);
        var dark = await background();

        await _page.GotoAsync("/preferences/culture?culture=en&returnUrl=/shops");
        await Chromium.ExpectAddressAsync(_page, "**/shops");
        await _page.Locator("[data-testid=shop-card]").First.WaitForAsync();
        Assert.Equal(dark, await background());
        Assert.Contains("Shops & accounts", await _page.Locator("nav").InnerTextAsync());
        await _page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "shops-dark-en.png"), FullPage = true });
    }

    [Fact]
    public async Task A_creator_without_shops_lands_on_the_creator_home_and_can_sign_out()
    {
        await SignInAsync("creator@demo.ks");
        await WaitForCircuitAsync();
        await Microsoft.Playwright.Assertions.Expect(_page.Locator("h1")).ToHaveTextAsync("达人工作台");

        // The language link in the app bar switches to the other language and back, on the same page.
        await _page.ClickAsync("[data-testid=language-switch]");
        await Microsoft.Playwright.Assertions.Expect(_page.Locator("h1")).ToHaveTextAsync("Creator home");
        await WaitForCircuitAsync();
        await _page.ClickAsync("[data-testid=language-switch]");
        await Microsoft.Playwright.Assertions.Expect(_page.Locator("h1")).ToHaveTextAsync("达人工作台");
        await WaitForCircuitAsync();

        // The account menu opens on its button, says so, and Escape closes it with the focus back on the button.
        var menuButton = _page.Locator("[data-testid=user-menu-button]");
        await menuButton.ClickAsync();
        await Microsoft.Playwright.Assertions.Expect(menuButton).ToHaveAttributeAsync("aria-expanded", "true");
        await Microsoft.Playwright.Assertions.Expect(_page.Locator("[data-testid=account-manage]")).ToBeFocusedAsync();
        await _page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "user-menu-open.png") });
        await _page.Keyboard.PressAsync("Escape");
        await Microsoft.Playwright.Assertions.Expect(_page.Locator("[data-testid=sign-out]")).ToHaveCountAsync(0);
        await Microsoft.Playwright.Assertions.Expect(menuButton).ToBeFocusedAsync();
        await menuButton.ClickAsync();
        // Signing out lands on the sign-in page, and protected pages stay closed afterwards.
        await _page.ClickAsync("[data-testid=sign-out]");
        await Chromium.ExpectAddressAsync(_page, "**/Account/Login**");
        await _page.GotoAsync("/catalog");
        await Chromium.ExpectAddressAsync(_page, "**/Account/Login**");
    }

    [Fact]
    public async Task Every_page_of_the_shell_renders_with_its_heading_and_is_screenshotted()
    {
        await SignInAsync("operator@demo.ks");
        (string Path, string Heading)[] pages =
        [
            ("/", "经营概览"), ("/shops", "店铺与账号"), ("/catalog", "商品"), ("/inventory", "库存（一盘货）"), ("/plan", "一盘棋：目标与达成"), ("/scores", "店铺评分"),
            ("/campaigns", "活动报名"), ("/settings", "设置"), ("/Account/Manage", "个人资料"),
            ("/Account/Manage/TwoFactorAuthentication", "两步验证"), ("/Account/Manage/EnableAuthenticator", "设置身份验证器"),
        ];
        foreach (var (path, heading) in pages)
        {
            await _page.GotoAsync(path);
            await Microsoft.Playwright.Assertions.Expect(_page.Locator("h1, h2, h3, h5, .mud-typography-h5").Filter(new() { HasText = heading }).First).ToBeVisibleAsync();
            var name = path == "/" ? "home" : path.Trim('/').Replace('/', '-').ToLowerInvariant();
            await _page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, $"walk-{name}.png"), FullPage = true });
        }
        // The authenticator key is also offered as a scannable QR code.
        Assert.Equal(1, await _page.Locator("[data-testid=authenticator-qr] svg").CountAsync());
    }

    [Fact]
    public async Task The_operator_switches_shop_with_ctrl_k_and_every_page_follows_after_a_reload()
    {
        await SignInAsync("operator@demo.ks");
        await WaitForCircuitAsync();
        await _page.Locator("[data-testid=workspace-switcher][data-shortcut=ready]").WaitForAsync();
        await _page.Keyboard.PressAsync("Control+k");
        var dialog = _page.Locator(".mud-dialog");
        await dialog.WaitForAsync();
        await _page.Locator(".mud-dialog input").FillAsync("直播专营店");
        var options = _page.Locator("[data-testid=workspace-option]");
        await Microsoft.Playwright.Assertions.Expect(options).ToHaveCountAsync(1);
        await _page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "workspace-switcher.png") });
        await options.First.Locator("button.ks-workspace-pick").ClickAsync();

        // The page reloads in the new scope: one shop on the dashboard and on the shops page.
        await Microsoft.Playwright.Assertions.Expect(_page.Locator("[data-testid=workspace-switcher]")).ToContainTextAsync("直播专营店");
        await Microsoft.Playwright.Assertions.Expect(_page.Locator("[data-testid=period-label]")).ToContainTextAsync("1 家店铺");
        await _page.ReloadAsync();
        await Microsoft.Playwright.Assertions.Expect(_page.Locator("[data-testid=workspace-switcher]")).ToContainTextAsync("直播专营店");
        await WaitForCircuitAsync();
        await _page.ClickAsync("a[href='/shops']");
        await Microsoft.Playwright.Assertions.Expect(_page.Locator("[data-testid=shop-card]")).ToHaveCountAsync(1);
        await Microsoft.Playwright.Assertions.Expect(_page.Locator("[data-testid=shop-card]").First).ToContainTextAsync("直播专营店");
    }

    [Fact]
    public async Task The_drawer_collapses_on_a_phone_and_opens_from_the_menu_button()
    {
        await _page.SetViewportSizeAsync(390, 844);
        await SignInAsync("owner@demo.ks");
        await WaitForCircuitAsync();
        var drawer = _page.Locator(".mud-drawer");
        await _page.ClickAsync("[data-testid=drawer-toggle]");
        await Microsoft.Playwright.Assertions.Expect(_page.Locator(".mud-drawer a[href='/shops']")).ToBeVisibleAsync();
        await _page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "phone-drawer.png") });
        Assert.True(await drawer.CountAsync() > 0);
    }

    [Fact]
    public async Task A_link_clicked_before_the_page_is_interactive_opens_the_page_it_names()
    {
        await SignInAsync("owner@demo.ks");
        // No wait for the circuit: the click lands while the page may still be prerendered, as a quick user's does.
        await _page.GotoAsync("/");
        await _page.Locator("[data-testid=low-stock-alert] a").ClickAsync();
        await Chromium.ExpectAddressAsync(_page, "**/inventory?low=1");
        await WaitForCircuitAsync();
        await Microsoft.Playwright.Assertions.Expect(_page.Locator("h1")).ToContainTextAsync("库存");
        await Microsoft.Playwright.Assertions.Expect(_page.Locator("[data-testid=stock-table] tbody tr").First).ToContainTextAsync(new System.Text.RegularExpressions.Regex("低库存|售罄"));
    }
}
