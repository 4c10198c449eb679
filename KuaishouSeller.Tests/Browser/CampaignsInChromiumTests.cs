using KuaishouSeller.Core.Campaigns;
using KuaishouSeller.Core.Catalog;
using KuaishouSeller.Core.DemoWorld;
using KuaishouSeller.Core.Identity;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KuaishouSeller.Tests.Browser;

/// <summary>
/// The 618 registration centre in Chromium: the wizard with batch checks and row-by-row fixing, a circuit dropped
/// mid-wizard losing nothing, the reviewer approving, and the registrant seeing the locked stock.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CampaignsInChromiumTests(KestrelAppFactory app, Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task A_merchant_registers_a_batch_survives_a_dropped_circuit_and_the_reviewer_approval_locks_stock()
    {
        var page = await chromium.NewPageAsync(app.RootUri);
        var problems = Chromium.WatchProblems(page);
        await Chromium.SignInAsync(page, "owner@demo.ks", DemoWorldSeeder.DemoPassword);
        await page.GotoAsync("/campaigns");
        await Expect(page.Locator("[data-testid=campaign-card]")).ToHaveCountAsync(3);
        await Expect(page.Locator("[data-testid=campaign-result]").First).ToContainTextAsync("¥");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "campaigns.png"), FullPage = true });

        await page.Locator("[data-testid=open-campaign]").First.ClickAsync();
        await Chromium.ExpectAddressAsync(page, "**/campaigns/*");
        // The plan buttons act through the circuit: a click before it is up does nothing (seen under load in CI).
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        await Expect(page.Locator("[data-testid=plan-card]")).ToHaveCountAsync(4);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Expect(page.Locator("[data-testid=registrations] [data-testid=state]").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "campaign.png"), FullPage = true });
        var campaignUrl = page.Url;
        var approvedBefore = await KpiAsync(page, "kpi-approved");
        var lockedBefore = await KpiAsync(page, "kpi-locked");

        // Shelf plan (the second card), first shop: the wizard opens on its first step.
        await page.Locator("[data-testid=plan-card]").Nth(1).Locator("[data-testid=start-registration]").ClickAsync();
        try
        {
            await Chromium.ExpectAddressAsync(page, "**/campaigns/register/*");
        }
        catch (PlaywrightException)
        {
            // What the page showed instead (a refusal in the snackbar, a disabled button) is the clue to keep.
            await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "campaign-start-failed.png"), FullPage = true });
            throw;
        }
        var wizardUrl = page.Url;
        await page.ClickAsync("[data-testid=next]");
        await page.FillAsync("input[data-testid=goods-search]", "茶");
        await Expect(page.Locator("[data-testid=goods-picker] tbody tr").First).ToContainTextAsync("茶");
        await page.ClickAsync("[data-testid=add-all]");
        await Expect(page.Locator("[data-testid=goods-picker]")).ToContainTextAsync("已加入");
        await page.ClickAsync("[data-testid=next]");
        await page.ClickAsync("[data-testid=check-all]");
        await Expect(page.Locator("[data-testid=check-summary]")).ToContainTextAsync("通过");

        // One row gets more stock than the pool can promise: saved at once, and marked with the rule it breaks.
        // Rows are listed as added until "check all"; the edited row is found again by its SKU.
        var firstRow = page.Locator("[data-testid=batch-rows] tbody tr[data-testid=batch-row]").First;
        var editedCode = (await firstRow.Locator("code").First.InnerTextAsync()).Trim();
        var firstStock = firstRow.Locator("input[data-testid=stock]");
        await firstStock.FillAsync("999999");
        await firstStock.PressAsync("Tab");
        await Expect(page.Locator("[data-testid=batch-rows] [data-testid=problem]").First).ToContainTextAsync("承诺库存");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "campaign-batch.png"), FullPage = true });

        // The circuit drops (the tab is closed); a new one opens the same draft with the same rows and the bad value kept.
        await page.Context.CloseAsync();
        page = await chromium.NewPageAsync(app.RootUri);
        await Chromium.SignInAsync(page, "owner@demo.ks", DemoWorldSeeder.DemoPassword);
        await page.GotoAsync(wizardUrl);
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        await Expect(page.Locator("[data-testid=step-3]")).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(page.Locator("[data-testid=batch-rows] tbody tr[data-testid=batch-row]", new() { HasText = editedCode }).Locator("input[data-testid=stock]")).ToHaveValueAsync("999999");

        await page.ClickAsync("[data-testid=next]");
        await page.ClickAsync("[data-testid=submit]");
        await Expect(page.Locator("[data-testid=submit-result]")).ToContainTextAsync("未通过");
        await page.ClickAsync("[data-testid=fix-rows]");
        await page.GetByText("只看未通过").ClickAsync();
        var stock = page.Locator("[data-testid=batch-rows] input[data-testid=stock]").First;
        await stock.FillAsync("10");
        await stock.PressAsync("Tab");
        await page.ClickAsync("[data-testid=next]");
        await page.ClickAsync("[data-testid=submit]");
        await Expect(page.Locator("[data-testid=submit-result]")).ToContainTextAsync("已提交");
        await page.Context.CloseAsync();

        // The reviewer approves the oldest submissions of the owner's merchant.
        var reviewer = await chromium.NewPageAsync(app.RootUri);
        await Chromium.SignInAsync(reviewer, "reviewer@demo.ks", DemoWorldSeeder.DemoPassword);
        await reviewer.GotoAsync("/campaigns/review");
        await reviewer.Locator("[data-circuit=ready]").WaitForAsync();
        await Expect(reviewer.Locator("[data-testid=review-queue] tbody tr").First).ToBeVisibleAsync();
        await reviewer.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "campaign-review.png"), FullPage = true });
        var caption = reviewer.Locator("[data-testid=review-queue] [data-testid=pager-info]").Last;
        var unfiltered = await caption.InnerTextAsync();
        await reviewer.FillAsync("input[data-testid=review-search]", "山野茶坊");
        await Expect(caption).Not.ToHaveTextAsync(unfiltered);
        await Expect(reviewer.Locator("[data-testid=review-queue] tbody tr").First).ToContainTextAsync("山野茶坊");
        await reviewer.Locator("[data-testid=review-queue] tbody tr").First.Locator("input[type=checkbox]").CheckAsync();
        await reviewer.ClickAsync("[data-testid=approve]");
        await Expect(reviewer.Locator(".mud-snackbar").First).ToContainTextAsync("库存已锁定");
        await reviewer.Context.CloseAsync();

        // Back on the campaign page the owner sees one more approved registration and more stock locked.
        page = await chromium.NewPageAsync(app.RootUri);
        await Chromium.SignInAsync(page, "owner@demo.ks", DemoWorldSeeder.DemoPassword);
        await page.GotoAsync(campaignUrl);
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        await Expect(page.Locator("[data-testid=kpi-approved] .mud-typography-h5")).ToHaveTextAsync((approvedBefore + 1).ToString("N0"));
        Assert.True(await KpiAsync(page, "kpi-locked") > lockedBefore, "the approval locks the committed stock");
        await page.Context.CloseAsync();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task The_reviewer_sees_which_row_was_not_approved_and_the_rule_it_now_breaks()
    {
        // After submitting, the merchant's operator cut the card's price below what the campaign price was based on:
        // the 30-day lowest price fell, so the campaign price is now above what the plan allows.
        var cut = await CutThePriceOfAWaitingCardAsync("operator@demo.ks");

        var reviewer = await chromium.NewPageAsync(app.RootUri);
        var problems = Chromium.WatchProblems(reviewer);
        await Chromium.SignInAsync(reviewer, "reviewer@demo.ks", DemoWorldSeeder.DemoPassword);
        await reviewer.GotoAsync("/campaigns/review");
        await reviewer.Locator("[data-circuit=ready]").WaitForAsync();
        await reviewer.FillAsync("input[data-testid=review-search]", cut.SkuCode);
        var row = reviewer.Locator("[data-testid=review-queue] tbody tr").Filter(new() { HasText = cut.ShopName }).Filter(new() { HasText = cut.CampaignName });
        await Expect(row).ToHaveCountAsync(1);
        var state = await row.Locator("[data-testid=review-row-state]").InnerTextAsync();
        await row.Locator("input[type=checkbox]").CheckAsync();
        await reviewer.ClickAsync("[data-testid=approve]");

        var refusals = reviewer.Locator("[data-testid=refusals]");
        await Expect(refusals).ToContainTextAsync("1 条未处理");
        await Expect(refusals).ToContainTextAsync($"{cut.ShopName} · {cut.Title}");
        await Expect(refusals).ToContainTextAsync("活动价 ≤ 近30天最低价");
        await Expect(row.Locator("[data-testid=review-row-state]")).ToHaveTextAsync(state);
        await reviewer.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "campaign-review-refused.png") });
        await reviewer.Context.CloseAsync();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private sealed record CutCard(string SkuCode, string ShopName, string CampaignName, string Title);

    /// <summary>
    /// Through the same Core command as the product-card dialog, the user sets the price of a card waiting for review
    /// in the 618 campaign to 90% of its campaign price.
    /// </summary>
    private async Task<CutCard> CutThePriceOfAWaitingCardAsync(string email)
    {
        using var scope = app.Services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email)
            ?? throw new InvalidOperationException($"{email} is not in the demo world");
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var userShops = db.MembershipShops.Where(m => db.Memberships.Any(x => x.Id == m.MembershipId && x.UserId == user.Id)).Select(m => m.ShopId);
        var waiting = await (
            from r in db.CampaignRegistrations
            join c in db.Campaigns on r.CampaignId equals c.Id
            join l in db.Listings on r.ListingId equals l.Id
            join k in db.Skus on r.SkuId equals k.Id
            join s in db.Shops on r.ShopId equals s.Id
            where c.Code == "618-demo" && r.State == RegistrationState.Submitted && userShops.Contains(s.Id)
            orderby r.Id
            select new { l.Id, l.Title, l.OnShelf, r.CampaignPriceFen, SkuCode = k.Code, ShopName = s.Name, CampaignName = c.NameZh }).FirstAsync();
        await scope.ServiceProvider.GetRequiredService<CatalogService>()
            .UpdateListingAsync(user.Id, waiting.Id, waiting.Title, waiting.CampaignPriceFen * 9 / 10, waiting.OnShelf);
        return new(waiting.SkuCode, waiting.ShopName, waiting.CampaignName, waiting.Title);
    }

    [Fact]
    public async Task A_creator_filters_the_goods_pool_and_applies_to_carry_once()
    {
        var page = await chromium.NewPageAsync(app.RootUri);
        var problems = Chromium.WatchProblems(page);
        await Chromium.SignInAsync(page, "creator@demo.ks", DemoWorldSeeder.DemoPassword);
        await page.GotoAsync("/campaigns");
        await page.Locator("[data-testid=open-campaign]").First.ClickAsync();
        await Chromium.ExpectAddressAsync(page, "**/campaigns/*");
        await Expect(page.Locator("[data-testid=plan-card]")).ToHaveCountAsync(4);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        // The creator sees its own carry registration (approved in the demo world) and the way to the pool.
        await Expect(page.Locator("[data-testid=registrations] [data-testid=state]").First).ToContainTextAsync("已通过");
        await page.ClickAsync("[data-testid=go-pool]");
        await page.Locator("[data-testid=goods-pool] tbody tr").First.WaitForAsync();

        var caption = page.Locator("[data-testid=goods-pool] .mud-table-pagination-caption").Last;
        var all = await caption.InnerTextAsync();
        await page.FillAsync("input[data-testid=min-commission]", "30");
        await page.PressAsync("input[data-testid=min-commission]", "Tab");
        await Expect(caption).Not.ToHaveTextAsync(all);
        var commissions = page.Locator("[data-testid=goods-pool] tbody tr td:nth-child(4)");
        await Expect(commissions.Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^(1|2)\\d%$") })).ToHaveCountAsync(0);
        Assert.All(await commissions.AllInnerTextsAsync(), c => Assert.True(decimal.Parse(c.TrimEnd('%'), System.Globalization.CultureInfo.InvariantCulture) >= 30, c));

        var row = page.Locator("[data-testid=goods-pool] tbody tr").Filter(new() { Has = page.Locator("[data-testid=apply-carry]") }).First;
        var title = await row.Locator("td").First.InnerTextAsync();
        await row.Locator("[data-testid=apply-carry]").ClickAsync();
        var applied = page.Locator("[data-testid=goods-pool] tbody tr").Filter(new() { HasText = title.Split('\n')[0] }).Locator("[data-testid=my-application]");
        await Expect(applied).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "campaign-pool.png"), FullPage = true });
        await page.Context.CloseAsync();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    /// <summary>The number a KPI card shows (thousands separators removed).</summary>
    private static async Task<long> KpiAsync(IPage page, string testId)
    {
        var text = await page.Locator($"[data-testid={testId}] .mud-typography-h5").InnerTextAsync();
        return long.Parse(text.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture);
    }
}
