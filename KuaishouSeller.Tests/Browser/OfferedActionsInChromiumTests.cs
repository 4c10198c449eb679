using KuaishouSeller.Core.DemoWorld;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KuaishouSeller.Tests.Browser;

/// <summary>Actions a role cannot take are not offered: disabled with Core's own reason (Core still refuses them).</summary>
[Collection(BrowserCollection.Name)]
public sealed class OfferedActionsInChromiumTests(KestrelAppFactory app, Chromium chromium) : IClassFixture<Chromium>
{
    private async Task<(IPage Page, List<string> Problems)> SignedInAsync(string email)
    {
        var page = await chromium.NewPageAsync(app.RootUri, 1440, 900);
        var problems = Chromium.WatchProblems(page);
        await Chromium.SignInAsync(page, email, DemoWorldSeeder.DemoPassword);
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        return (page, problems);
    }

    [Fact]
    public async Task An_agency_without_the_pool_right_is_not_offered_pool_adjustments_or_imports_and_is_told_why()
    {
        var (page, problems) = await SignedInAsync("agency@demo.ks");
        await page.GotoAsync("/inventory");
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        await Expect(page.Locator("[data-testid=adjust-refusal]")).ToContainTextAsync("调整库存");
        await Expect(page.Locator("[data-testid=stock-table] [data-testid=adjust]").First).ToBeDisabledAsync();
        await Expect(page.Locator("[data-testid=stock-table] input[data-testid=threshold]").First).ToBeDisabledAsync();

        await page.GotoAsync("/inventory/import");
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        await Expect(page.Locator("[data-testid=import-refusal]")).ToContainTextAsync("调整库存");
        await Expect(page.Locator("[data-testid=choose-file]")).ToBeDisabledAsync();
        await page.Context.CloseAsync();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task A_reviewer_is_not_offered_to_register_and_is_told_why_while_the_owner_is()
    {
        var (page, problems) = await SignedInAsync("reviewer@demo.ks");
        await page.GotoAsync("/campaigns");
        await Expect(page.Locator("[data-testid=register-refusal]").First).ToContainTextAsync("审核");
        await Expect(page.Locator("[data-testid=open-campaign]", new() { HasText = "去报名" })).ToHaveCountAsync(0);
        await page.Context.CloseAsync();

        var (owner, ownerProblems) = await SignedInAsync("owner@demo.ks");
        await owner.GotoAsync("/campaigns");
        await Expect(owner.Locator("[data-testid=open-campaign]", new() { HasText = "去报名" })).ToHaveCountAsync(1);
        await Expect(owner.Locator("[data-testid=register-refusal]")).ToHaveCountAsync(0);
        await owner.Context.CloseAsync();
        Assert.True(problems.Count + ownerProblems.Count == 0, string.Join(Environment.NewLine, problems.Concat(ownerProblems)));
    }
}
