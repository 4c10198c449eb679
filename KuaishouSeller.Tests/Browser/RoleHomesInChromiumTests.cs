using KuaishouSeller.Core.DemoWorld;
using KuaishouSeller.Core.Organisations;
using KuaishouSeller.Core.Workspace;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KuaishouSeller.Tests.Browser;

/// <summary>Roles without a shop of their own land on their own home, not on an empty dashboard.</summary>
[Collection(BrowserCollection.Name)]
public sealed class RoleHomesInChromiumTests(KestrelAppFactory app, Chromium chromium) : IClassFixture<Chromium>
{
    private async Task<(IPage Page, List<string> Problems)> SignedInAsync(string email)
    {
        var page = await chromium.NewPageAsync(app.RootUri, 1440, 900);
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

    [Fact]
    public async Task A_creator_lands_on_its_carry_figures_applications_and_its_own_reputation_score()
    {
        var (page, problems) = await SignedInAsync("creator@demo.ks");
        await Expect(page.Locator("h1")).ToHaveTextAsync("达人工作台");
        await Expect(page.GetByText("当前没有可查看的店铺")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-testid=kpi-carry-gmv]")).ToContainTextAsync("¥");
        await Expect(page.Locator("[data-testid=kpi-carry-commission]")).ToContainTextAsync("¥");
        await Expect(page.Locator("[data-testid=period-label]")).ToContainTextAsync("2026-10-20 – 2026-11-18");
        await Expect(page.Locator("[data-testid=carry-applications] [data-testid=application-count]")).ToHaveCountAsync(4);
        var score = page.Locator("[data-testid=creator-score]");
        await Expect(score).ToContainTextAsync("带货口碑分");
        await Expect(score.Locator("[data-testid=creator-score-total]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+\.\d$"));
        await Expect(score.Locator("canvas, table")).Not.ToHaveCountAsync(0);
        // A creator score grants no shop entitlements, so none are listed beside it.
        await Expect(score).Not.ToContainTextAsync("流量");
        await Expect(score).Not.ToContainTextAsync("免佣");
        await Expect(page.Locator("nav")).ToContainTextAsync("带货口碑分");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "home-creator.png") });
        await DoneAsync(page, problems);
    }

    [Fact]
    public async Task A_reviewer_lands_on_the_queue_counts_with_the_pending_count_in_the_navigation()
    {
        var (page, problems) = await SignedInAsync("reviewer@demo.ks");
        await Expect(page.Locator("h1")).ToHaveTextAsync("审核工作台");
        var pending = (await page.Locator("[data-testid=kpi-pending] .mud-typography-h5").InnerTextAsync()).Trim();
        Assert.True(int.Parse(pending, System.Globalization.NumberStyles.AllowThousands) > 0);
        await Expect(page.Locator("[data-testid=review-counts] [data-testid=review-campaign]").First).ToContainTextAsync("618");
        await Expect(page.Locator("[data-testid=nav-review-count]")).ToHaveTextAsync(pending);
        await page.Locator("[data-testid=nav-review]").ClickAsync();
        await Chromium.ExpectAddressAsync(page, "**/campaigns/review");
        await Expect(page.Locator("[data-testid=review-queue] tbody tr").First).ToBeVisibleAsync();
        await DoneAsync(page, problems);
    }

    [Fact]
    public async Task An_agency_in_its_own_organisation_sees_its_delegated_merchants_and_enters_one_with_a_click()
    {
        string agencyUser;
        long agencyId;
        await using (var db = app.Database.CreateContext())
        {
            agencyUser = await db.Users.Where(u => u.Email == "agency@demo.ks").Select(u => u.Id).SingleAsync();
            agencyId = await db.Organisations.Where(o => o.Kind == OrganisationKind.Agency).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
        }
        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<WorkspaceService>().SwitchAsync(agencyUser, agencyId, null);

        var (page, problems) = await SignedInAsync("agency@demo.ks");
        await Expect(page.Locator("h1")).ToHaveTextAsync("代运营工作台");
        var merchant = page.Locator("[data-testid=delegated-merchant]", new() { HasText = "山野茶坊" });
        await Expect(merchant).ToHaveCountAsync(1);
        await Expect(merchant.Locator("[data-testid=last-day]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d{4}-\d{2}-\d{2}$"));
        await Expect(merchant.Locator("td").Nth(1)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"\S"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "home-agency.png") });

        // One click enters the merchant (the same workspace the agency was in before this test).
        await merchant.Locator("[data-testid=enter-merchant]").ClickAsync();
        await Expect(page.Locator("[data-testid=workspace-switcher]")).ToContainTextAsync("山野茶坊");
        await Expect(page.Locator("h1")).ToHaveTextAsync("经营概览");
        await DoneAsync(page, problems);
    }
}
