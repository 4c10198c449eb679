using KuaishouSeller.Core.DemoWorld;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KuaishouSeller.Tests.Browser;

/// <summary>The delegation flow in Chromium: the agency asks, the merchant owner accepts and revokes, the audit log shows it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DelegationInChromiumTests(KestrelAppFactory app, Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private IPage _page = default!;

    public async Task InitializeAsync() => _page = await chromium.NewPageAsync(app.RootUri);
    public async Task DisposeAsync() => await _page.Context.CloseAsync();

    private async Task SignInAsync(string email)
    {
        await _page.Context.ClearCookiesAsync();
        await Chromium.SignInAsync(_page, email, DemoWorldSeeder.DemoPassword);
    }

    private async Task OpenDelegationsAsync()
    {
        await _page.GotoAsync("/settings/delegations");
        await _page.Locator("[data-circuit=ready]").WaitForAsync();
    }

    [Fact]
    public async Task The_agency_asks_the_owner_accepts_then_revokes_and_the_audit_log_says_who_did_it()
    {
        await SignInAsync("agency@demo.ks");
        await OpenDelegationsAsync();
        var waitingBefore = await _page.Locator("[data-testid=delegation-status]", new() { HasText = "待处理" }).CountAsync();
        await _page.Locator("[data-testid=request-merchant] input, input[data-testid=request-merchant]").FillAsync("山野");
        await _page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "山野茶坊" }).First.ClickAsync();
        await _page.ClickAsync("[data-testid=request-submit]");
        await Expect(_page.Locator("[data-testid=delegation-status]", new() { HasText = "待处理" })).ToHaveCountAsync(waitingBefore + 1);
        await _page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "delegations-agency.png"), FullPage = true });

        await SignInAsync("owner@demo.ks");
        await OpenDelegationsAsync();
        var active = _page.Locator("[data-testid=delegation-status]", new() { HasText = "生效中" });
        var activeBefore = await active.CountAsync();
        await _page.Locator("[data-testid=accept]").First.ClickAsync();
        await _page.ClickAsync("[data-testid=accept-confirm]");
        await Expect(active).ToHaveCountAsync(activeBefore + 1);

        await _page.Locator("[data-testid=revoke]").First.ClickAsync();
        await _page.Locator(".mud-dialog .mud-button-root", new() { HasText = "撤销" }).Last.ClickAsync();
        await Expect(_page.Locator("[data-testid=delegation-status]", new() { HasText = "已撤销" })).ToHaveCountAsync(1);
        await _page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "delegations-owner.png"), FullPage = true });

        await _page.ClickAsync("a[href='/settings/audit']");
        var table = _page.Locator("[data-testid=audit-table]");
        // Sentences in the reader's language, naming the delegation by agency and merchant.
        await Expect(table).ToContainTextAsync("撤销了授权（星火代运营 → 山野茶坊）");
        await Expect(table).ToContainTextAsync("接受了授权申请（星火代运营 → 山野茶坊）");
        // The owner acted as the merchant, not through an agency (other tests of the shared app may log agency actions).
        await Expect(table.Locator("tr", new() { HasText = "撤销了授权（星火代运营 → 山野茶坊）" }).First).Not.ToContainTextAsync("代 山野茶坊");
        await Expect(table.Locator("tr", new() { HasText = "接受了授权申请（星火代运营 → 山野茶坊）" }).First).Not.ToContainTextAsync("代 山野茶坊");
        await _page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "audit-log.png"), FullPage = true });

        // The same entries in English: the log stores codes, the page words them for the reader.
        await _page.GotoAsync("/preferences/culture?culture=en&returnUrl=%2Fsettings%2Faudit");
        await Expect(table).ToContainTextAsync("王老板 revoked the delegation (星火代运营 → 山野茶坊)");
        await _page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "audit-log-en.png"), FullPage = true });
        await _page.GotoAsync("/preferences/culture?culture=zh-CN&returnUrl=%2F");
    }
}
