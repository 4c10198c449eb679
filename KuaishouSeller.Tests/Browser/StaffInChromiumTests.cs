using KuaishouSeller.Core.DemoWorld;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KuaishouSeller.Tests.Browser;

/// <summary>An owner invites a new colleague, the colleague joins through the link, then loses access the moment they are removed.</summary>
[Collection(BrowserCollection.Name)]
public sealed class StaffInChromiumTests(KestrelAppFactory app, Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task An_invited_colleague_joins_by_link_and_a_removed_one_loses_access_on_the_next_click()
    {
        var owner = await chromium.NewPageAsync(app.RootUri);
        await Chromium.SignInAsync(owner, "owner@demo.ks", DemoWorldSeeder.DemoPassword);
        await owner.GotoAsync("/settings/staff");
        await owner.Locator("[data-circuit=ready]").WaitForAsync();
        var email = $"colleague-{Guid.NewGuid():N}@tea.ks";
        await owner.Locator("input[data-testid=invite-email], [data-testid=invite-email] input").FillAsync(email);
        await owner.ClickAsync("[data-testid=invite-submit]");
        var link = (await owner.Locator("[data-testid=invite-link] code").InnerTextAsync()).Trim();
        await owner.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "staff.png"), FullPage = true });

        // The colleague registers, follows the link and lands in the merchant's workspace.
        var colleague = await chromium.NewPageAsync(app.RootUri);
        await colleague.GotoAsync("/Account/Register");
        await colleague.FillAsync("#Input\\.DisplayName", "新同事");
        await colleague.FillAsync("#Input\\.Email", email);
        await colleague.FillAsync("#Input\\.Password", "Colleague@1");
        await colleague.FillAsync("#Input\\.ConfirmPassword", "Colleague@1");
        await colleague.ClickAsync("button[type=submit]");
        await Chromium.ExpectLeftAsync(colleague, "/Account/Register");
        // An address nobody confirmed cannot take the seat; the confirmation mail's link makes it theirs.
        await colleague.GotoAsync(new Uri(link).PathAndQuery);
        await Expect(colleague.Locator("[data-testid=invite-result]")).ToContainTextAsync("请先确认您的邮箱");
        await colleague.GotoAsync(new Uri(app.Services.GetRequiredService<OutboxEmailSender>().LinkFor(email)).PathAndQuery);
        await colleague.GotoAsync(new Uri(link).PathAndQuery);
        await Expect(colleague.Locator("[data-testid=invite-result]")).ToContainTextAsync("已加入组织");
        await colleague.GotoAsync("/shops");
        await Expect(colleague.Locator("[data-testid=shop-card]")).ToHaveCountAsync(3);

        // The owner removes them; the colleague's open page loses the shops on the next navigation in the same circuit.
        await owner.ReloadAsync();
        await owner.Locator("[data-circuit=ready]").WaitForAsync();
        await owner.Locator("tr", new() { HasText = email }).Locator("button", new() { HasText = "移除" }).ClickAsync();
        await owner.Locator(".mud-dialog .mud-button-root", new() { HasText = "移除" }).Last.ClickAsync();
        await Expect(owner.Locator("[data-testid=staff-table]")).Not.ToContainTextAsync(email);

        await colleague.Locator("[data-circuit=ready]").WaitForAsync();
        await colleague.ClickAsync("a[href='/catalog']");
        await Chromium.ExpectAddressAsync(colleague, "**/catalog");
        await Expect(colleague.GetByText("没有符合条件的 SKU。")).ToBeVisibleAsync();

        await owner.Context.CloseAsync();
        await colleague.Context.CloseAsync();
    }
}
