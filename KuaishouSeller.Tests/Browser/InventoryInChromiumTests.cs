using System.Text;
using KuaishouSeller.Core.DemoWorld;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KuaishouSeller.Tests.Browser;

/// <summary>The owner works the stock pool, a bulk import and the plan board in Chromium against real Kestrel.</summary>
[Collection(BrowserCollection.Name)]
public sealed class InventoryInChromiumTests(KestrelAppFactory app, Chromium chromium) : IClassFixture<Chromium>
{
    private static string Shot(string name) => Path.Combine(Chromium.ScreenshotFolder, name);

    private async Task<(IPage Page, List<string> Problems)> OwnerAsync()
    {
        var page = await chromium.NewPageAsync(app.RootUri);
        var problems = Chromium.WatchProblems(page);
        await Chromium.SignInAsync(page, "owner@demo.ks", DemoWorldSeeder.DemoPassword);
        return (page, problems);
    }

    /// <summary>A SKU of the owner's merchant nobody else in these tests touches.</summary>
    private async Task<(long Id, string Code, int OnHand, int Reserved)> SkuAsync(int skip)
    {
        await using var db = app.Database.CreateContext();
        var merchant = await db.Organisations.Where(o => o.Kind == KuaishouSeller.Core.Organisations.OrganisationKind.Merchant).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
        var row = await (from s in db.Skus where s.MerchantId == merchant
                         join i in db.StockItems on s.Id equals i.SkuId
                         where i.QuotaAllocated == 0 && i.OnHand > 50
                         orderby s.Code descending
                         select new { s.Id, s.Code, i.OnHand, i.Reserved }).Skip(skip).FirstAsync();
        return (row.Id, row.Code, row.OnHand, row.Reserved);
    }

    [Fact]
    public async Task The_owner_adjusts_stock_and_moves_a_quota_and_the_ledger_shows_both()
    {
        var (page, problems) = await OwnerAsync();
        var sku = await SkuAsync(skip: 0);
        await page.GotoAsync("/inventory");
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        await Expect(page.Locator("[data-testid=stock-table] tbody tr")).ToHaveCountAsync(50);
        await page.ScreenshotAsync(new() { Path = Shot("stock.png"), FullPage = true });

        await page.Locator("input[data-testid=stock-search]").FillAsync(sku.Code);
        var row = page.Locator("[data-testid=stock-table] tbody tr", new() { HasText = sku.Code });
        await Expect(page.Locator("[data-testid=stock-table] tbody tr")).ToHaveCountAsync(1);

        // Receive 12 units through the quick-edit dialog.
        await row.Locator("[data-testid=adjust]").ClickAsync();
        await page.Locator("input[data-testid=adjust-quantity]").FillAsync("12");
        await page.Locator("input[data-testid=adjust-reason]").FillAsync("补货到仓");
        await page.ClickAsync("[data-testid=adjust-save]");
        await Expect(row.Locator("td").Nth(2)).ToHaveTextAsync((sku.OnHand + 12).ToString("N0"));

        // Open the SKU through its link and carve a 5-unit quota for the second shop. The dialog's overlay must be
        // gone first, or it takes the click (it fades out after the table has already reloaded).
        await Expect(page.Locator(".mud-overlay")).ToHaveCountAsync(0);
        await row.Locator("[data-testid=sku-link]").ClickAsync();
        await Chromium.ExpectAddressAsync(page, $"**/inventory/sku/{sku.Id}");
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        // Each step waits for the circuit to have taken the previous one: a click on the move button that overtakes
        // the shop choice moves from the pool to the pool and is (rightly) refused.
        var secondShop = (await page.Locator("[data-testid=quota-table] tbody tr td").Nth(3).InnerTextAsync()).Trim();
        await page.Locator("[data-testid=quota-to]").ClickAsync();
        var option = page.Locator(".mud-popover-open .mud-list-item", new() { HasText = secondShop });
        await option.ClickAsync();
        await Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-testid=quota-to]")).ToHaveTextAsync(secondShop);
        await page.Locator("input[data-testid=quota-quantity]").FillAsync("5");
        await page.Locator("input[data-testid=quota-quantity]").PressAsync("Tab");
        await page.ClickAsync("[data-testid=quota-move]");
        await Expect(page.Locator("[data-testid=quota-table] tbody tr").Nth(1)).ToContainTextAsync("5");
        await Expect(page.Locator("[data-testid=ledger-table] tbody tr").First).ToContainTextAsync("配额调拨");
        await Expect(page.Locator("[data-testid=ledger-table]")).ToContainTextAsync("补货到仓");
        await Expect(page.Locator("[data-testid=listing-cards] .mud-card").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Shot("sku-detail.png"), FullPage = true });

        await page.Context.CloseAsync();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task The_dashboard_warns_of_low_stock_and_the_catalog_shows_each_shops_product_cards()
    {
        var (page, problems) = await OwnerAsync();
        await page.GotoAsync("/");
        await page.Locator("[data-testid=low-stock-alert] a").ClickAsync();
        await Chromium.ExpectAddressAsync(page, "**/inventory?low=1");
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        // Every row of the alerts view carries its alert: low or sold out.
        var rows = page.Locator("[data-testid=stock-table] tbody tr");
        await Expect(rows.First).ToContainTextAsync(new System.Text.RegularExpressions.Regex("低库存|售罄"));
        foreach (var text in await rows.AllInnerTextsAsync())
            Assert.Matches("低库存|售罄", text);

        await page.GotoAsync("/catalog");
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "店铺商品卡" }).ClickAsync();
        await Expect(page.Locator("[data-testid=product-cards] [data-testid=product-card]")).ToHaveCountAsync(24);
        await Expect(page.Locator("[data-testid=product-cards] [data-testid=product-card] img").First).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex("/img/sku/\\d+\\.svg"));
        await page.ScreenshotAsync(new() { Path = Shot("product-cards.png"), FullPage = true });

        await page.Context.CloseAsync();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task A_bad_gbk_file_is_refused_row_by_row_then_the_fixed_file_imports_and_exports_download()
    {
        var (page, problems) = await OwnerAsync();
        var sku = await SkuAsync(skip: 1);
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var gbk = Encoding.GetEncoding("GBK");
        await page.GotoAsync("/inventory/import");
        await page.Locator("[data-circuit=ready]").WaitForAsync();

        var bad = gbk.GetBytes($"SKU编码,数量\r\n{sku.Code},-3\r\n不存在的编码,5\r\n");
        await Chromium.ChooseFileAsync(page, new FilePayload { Name = "盘点.csv", MimeType = "text/csv", Buffer = bad }, page.Locator("[data-testid=import-issues]"));
        await Expect(page.Locator("[data-testid=import-issues]")).ToContainTextAsync("不能为负数");
        await Expect(page.Locator("[data-testid=import-issues] tbody tr").Nth(1)).ToContainTextAsync("不存在的编码");
        await Expect(page.Locator("[data-testid=import-apply]")).ToBeDisabledAsync();
        await page.ScreenshotAsync(new() { Path = Shot("import-problems.png"), FullPage = true });

        var counted = sku.Reserved + 20;
        var good = gbk.GetBytes($"SKU编码,数量,原因\r\n{sku.Code},{counted},季度盘点\r\n");
        await page.Locator("input[type=file]").Last.SetInputFilesAsync(new FilePayload { Name = "盘点.csv", MimeType = "text/csv", Buffer = good });
        await Expect(page.Locator("[data-testid=import-changes]")).ToContainTextAsync(counted.ToString());
        await page.ClickAsync("[data-testid=import-apply]");
        await Expect(page.Locator("[data-testid=import-done]")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Shot("import-done.png"), FullPage = true });

        await page.GotoAsync($"/inventory/sku/{sku.Id}");
        await Expect(page.Locator("[data-testid=kpi-on-hand]")).ToContainTextAsync(counted.ToString("N0"));
        await Expect(page.Locator("[data-testid=ledger-table]")).ToContainTextAsync("季度盘点");

        // Exports go through real HTTP with the browser's cookie.
        var csv = await page.Context.APIRequest.GetAsync("/export/stock.csv");
        Assert.Equal(200, csv.Status);
        var text = Encoding.UTF8.GetString(await csv.BodyAsync());
        Assert.StartsWith("\uFEFFSKU编码,数量", text);
        Assert.Contains($"{sku.Code},{counted},", text);
        var xlsx = await page.Context.APIRequest.GetAsync("/export/catalog.xlsx");
        Assert.Equal(200, xlsx.Status);
        Assert.Equal("PK", Encoding.ASCII.GetString((await xlsx.BodyAsync())[..2]));
        Assert.Contains("filename*=UTF-8''", xlsx.Headers["content-disposition"]);

        await page.Context.CloseAsync();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task The_plan_board_shows_every_shop_and_a_new_target_changes_the_total()
    {
        var (page, problems) = await OwnerAsync();
        await page.GotoAsync("/plan");
        await Expect(page.Locator("[data-testid=month-label]")).ToHaveTextAsync("2026年11月");
        await Expect(page.Locator("[data-testid=plan-table] tbody tr")).ToHaveCountAsync(3);
        await page.ScreenshotAsync(new() { Path = Shot("plan-board.png"), FullPage = true });

        // Next month: set a higher shelf target for the first shop.
        await page.GotoAsync("/plan?month=2026-12");
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        await Expect(page.Locator("[data-testid=month-label]")).ToHaveTextAsync("2026年12月");
        var before = await page.Locator("[data-testid=plan-total-target]").InnerTextAsync();

        await page.Locator("[data-testid=plan-table] tbody tr").First.Locator("a").ClickAsync();
        await Chromium.ExpectAddressAsync(page, "**/plan/shop/**");
        var shelf = page.Locator("[data-testid=channel-Shelf] input[data-testid=gmv-target]");
        var current = decimal.Parse(await shelf.InputValueAsync());
        await shelf.FillAsync((current + 100000).ToString("0"));
        await shelf.PressAsync("Tab");
        await page.ClickAsync("[data-testid=save-targets]");
        await Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("已保存");
        await page.ScreenshotAsync(new() { Path = Shot("plan-shop.png"), FullPage = true });

        await page.GotoAsync("/plan?month=2026-12");
        await Expect(page.Locator("[data-testid=plan-total-target]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=plan-total-target]")).Not.ToHaveTextAsync(before);

        await page.Context.CloseAsync();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}
