using KuaishouSeller.Core.DemoWorld;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KuaishouSeller.Tests.Browser;

/// <summary>The owner reads a score down to the orders, simulates a change and recomputes; the platform edits the rulebook.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ScoresInChromiumTests(KestrelAppFactory app, Chromium chromium) : IClassFixture<Chromium>
{
    private static string Shot(string name) => Path.Combine(Chromium.ScreenshotFolder, name);

    [Fact]
    public async Task A_score_is_explained_down_to_the_order_simulated_and_recomputed()
    {
        var page = await chromium.NewPageAsync(app.RootUri);
        var problems = Chromium.WatchProblems(page);
        await Chromium.SignInAsync(page, "owner@demo.ks", DemoWorldSeeder.DemoPassword);
        await page.GotoAsync("/scores");
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        var total = await page.Locator("[data-testid=score-total]").InnerTextAsync();
        Assert.Matches(@"^\d{2,3}\.\d\d$", total);
        await Expect(page.Locator("canvas").First).ToBeVisibleAsync();

        // The quality refunds that cost points, order by order.
        await page.Locator("[data-testid=indicator-quality_refund_rate]").ClickAsync();
        await Expect(page.Locator("[data-testid=costing-table] tbody tr").First).ToContainTextAsync("退款原因");
        await page.ScreenshotAsync(new() { Path = Shot("scores.png"), FullPage = true });

        // What if the quality refund rate were zero: the same engine answers with a higher score.
        var input = page.Locator("input[data-testid=whatif-quality_refund_rate]");
        await input.FillAsync("0");
        await input.PressAsync("Tab");
        await Expect(page.Locator("[data-testid=whatif-total]")).Not.ToHaveTextAsync(total);
        Assert.True(decimal.Parse(await page.Locator("[data-testid=whatif-total]").InnerTextAsync()) > decimal.Parse(total));

        await page.ClickAsync("[data-testid=recompute-start]");
        await Expect(page.Locator("[data-testid=recompute-last]")).ToBeVisibleAsync(new() { Timeout = 30_000 });

        await page.GetByRole(AriaRole.Tab, new() { Name = "商品分" }).ClickAsync();
        await page.Locator("[data-testid=product-scores] [data-testid=product-link]").First.ClickAsync();
        await Chromium.ExpectAddressAsync(page, "**/scores/product/**");
        await Expect(page.Locator("[data-testid=score-total]")).ToBeVisibleAsync();

        // An order behind the shop's quality refunds opens with its facts and the indicators it cost points on.
        await page.GotoAsync("/scores");
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        await page.Locator("[data-testid=indicator-quality_refund_rate]").ClickAsync();
        var link = page.Locator("[data-testid=costing-table] [data-testid=order-link]").First;
        var orderNo = await link.InnerTextAsync();
        await link.ClickAsync();
        await Chromium.ExpectAddressAsync(page, "**/orders/**");
        await Expect(page.Locator("[data-testid=order-no]")).ToHaveTextAsync(orderNo);
        var quality = page.Locator("[data-testid=order-indicators] tr", new() { HasText = "品质退款率" });
        await Expect(quality).ToContainTextAsync("扣分");
        await Expect(page.Locator("[data-testid=order-refunds]")).Not.ToContainTextAsync("没有退款");
        await page.ScreenshotAsync(new() { Path = Shot("order.png"), FullPage = true });

        await page.Context.CloseAsync();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task The_platform_sees_the_exact_problem_of_a_bad_rulebook_before_publishing()
    {
        var page = await chromium.NewPageAsync(app.RootUri);
        var problems = Chromium.WatchProblems(page);
        await Chromium.SignInAsync(page, "reviewer@demo.ks", DemoWorldSeeder.DemoPassword);
        await page.GotoAsync("/scores/rulebook");
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        await Expect(page.Locator("[data-testid=rulebook-table]")).ToContainTextAsync("quality_refund_rate");
        await page.ScreenshotAsync(new() { Path = Shot("rulebook.png"), FullPage = true });

        var editor = page.Locator("textarea[data-testid=rulebook-json]");
        await Expect(page.Locator("[data-testid=json-length]")).Not.ToHaveTextAsync("0");
        var json = await editor.InputValueAsync();
        Assert.Contains("\"weight\": 22", json);
        var edited = json.Replace("\"weight\": 22,", "\"weight\": 30.5,");
        await editor.FillAsync(edited);
        await editor.PressAsync("Tab");
        // The edit has reached the server once its length shows there (the page may still be swapping its prerendered copy).
        await Expect(page.Locator("[data-testid=json-length]")).ToHaveTextAsync(edited.Length.ToString());
        await page.ClickAsync("[data-testid=rulebook-publish]");
        await Expect(page.Locator("[data-testid=publish] .mud-alert").First).ToContainTextAsync("108.5%");
        await using (var db = app.Database.CreateContext())
            Assert.Equal(1, db.Rulebooks.Count(r => r.Subject == KuaishouSeller.Core.Scores.ScoreSubject.Shop)); // nothing was published

        await page.Context.CloseAsync();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}
