using KuaishouSeller.Core.AfterSales;
using KuaishouSeller.Core.DemoWorld;
using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Organisations;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KuaishouSeller.Tests.Browser;

/// <summary>The owner takes a return from the buyer's request to the restock in Chromium against real Kestrel.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AfterSalesInChromiumTests(KestrelAppFactory app, Chromium chromium) : IClassFixture<Chromium>
{
    private static string Shot(string name) => Path.Combine(Chromium.ScreenshotFolder, name);

    /// <summary>A delivered order of the merchant's second shop that has never had an after-sale: this test's own row.</summary>
    private async Task<(Order Order, long MerchantId)> OrderAsync()
    {
        await using var db = app.Database.CreateContext();
        var merchant = await db.Organisations.Where(o => o.Kind == OrganisationKind.Merchant).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
        var shop = await db.Shops.Where(s => s.MerchantId == merchant).OrderBy(s => s.Id).Skip(1).Select(s => s.Id).FirstAsync();
        var order = await db.Orders.AsNoTracking()
            .Where(o => o.ShopId == shop && o.Status == OrderStatus.Delivered && o.AmountFen > 0 && !db.Refunds.Any(r => r.OrderId == o.Id))
            .OrderByDescending(o => o.Id).Skip(7).FirstAsync();
        return (order, merchant);
    }

    private async Task WithCommandsAsync(Func<AfterSaleCommands, Task> use)
    {
        using var scope = app.Services.CreateScope();
        await use(scope.ServiceProvider.GetRequiredService<AfterSaleCommands>());
    }

    /// <summary>Opens the list at the stage and pages on until the order's row shows (other tests' rows may come first).</summary>
    private static async Task<ILocator> RowAsync(IPage page, string stage, Order order)
    {
        await page.GotoAsync($"/after-sales?stage={stage}&shop={order.ShopId}");
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        await Expect(page.Locator("[data-testid=aftersale-table]")).ToBeVisibleAsync();
        var row = page.Locator($"[data-testid=aftersale-row][data-order='{order.OrderNo}']");
        for (var pages = 0; await row.CountAsync() == 0 && pages < 20; pages++)
        {
            var first = await page.Locator("[data-testid=aftersale-row]").First.GetAttributeAsync("data-id");
            await page.ClickAsync("[data-testid=next-page]");
            await Expect(page.Locator("[data-testid=aftersale-row]").First).Not.ToHaveAttributeAsync("data-id", first!);
        }
        await Expect(row).ToBeVisibleAsync();
        return row;
    }

    [Fact]
    public async Task A_return_goes_from_the_buyers_request_to_the_restock_and_the_ledger_shows_it()
    {
        var (order, merchant) = await OrderAsync();
        long id = 0;
        await WithCommandsAsync(async c => id = await c.RequestAsync(new AfterSaleRequest(order.Id, RefundKind.ReturnAndRefund, RefundReason.QualityProblem,
            order.AmountFen, "收到后发现开线了，想退货退款。")));

        var page = await chromium.NewPageAsync(app.RootUri, 1440, 900);
        var problems = Chromium.WatchProblems(page);
        await Chromium.SignInAsync(page, "owner@demo.ks", DemoWorldSeeder.DemoPassword);

        // The request waits for an answer, with its time left, the buyer masked and the buyer's words.
        var row = await RowAsync(page, "ToAnswer", order);
        await Expect(row.Locator("[data-testid=row-stage]")).ToHaveTextAsync("待处理");
        await Expect(row).ToContainTextAsync("剩 ");
        await Expect(row).ToContainTextAsync("收到后发现开线了");
        await Expect(row.Locator("a")).ToHaveAttributeAsync("href", $"/orders/{order.Id}");
        await page.ScreenshotAsync(new() { Path = Shot("after-sales.png"), FullPage = true });

        // Ask for the goods back; restocking is not offered before anything came back, and says why.
        await row.Locator("[data-testid=open-aftersale]").ClickAsync();
        var dialog = page.Locator("[data-testid=aftersale-detail]");
        await Expect(dialog.Locator("[data-testid=detail-stage]")).ToContainTextAsync("待处理");
        await Expect(dialog.Locator("[data-testid=action-Restock]")).ToBeDisabledAsync();
        await Expect(dialog.Locator("[data-testid=why-not-Restock]")).ToContainTextAsync("待处理");
        await page.ScreenshotAsync(new() { Path = Shot("after-sale-dialog.png") });
        await dialog.Locator("[data-testid=action-AskReturn]").ClickAsync();
        await Expect(dialog.Locator("[data-testid=detail-stage]")).ToContainTextAsync("待买家退货");
        await Expect(dialog.Locator("[data-testid=action-AskReturn]")).ToBeDisabledAsync();
        await page.ClickAsync("[data-testid=close-aftersale]");
        await Expect(page.Locator(".mud-overlay")).ToHaveCountAsync(0);

        // The buyer ships the return and the carrier delivers it (through Core's intake, as the open API will).
        await WithCommandsAsync(async c =>
        {
            await c.ShipReturnAsync(id, "中通快递", $"ZT{order.Id:D10}");
            await c.ReturnArrivedAsync(id);
        });
        int onHandBefore;
        await using (var db = app.Database.CreateContext())
            onHandBefore = await db.StockItems.Where(s => s.SkuId == order.SkuId).Select(s => s.OnHand).SingleAsync();

        // Inspect and restock.
        row = await RowAsync(page, "ToInspect", order);
        await Expect(row.Locator("[data-testid=row-stage]")).ToHaveTextAsync("待验货");
        await row.Locator("[data-testid=open-aftersale]").ClickAsync();
        await Expect(dialog.Locator("[data-testid=detail-waybill]")).ToContainTextAsync($"ZT{order.Id:D10}");
        await dialog.Locator("[data-testid=action-Restock]").ClickAsync();
        await Expect(dialog.Locator("[data-testid=detail-stage]")).ToContainTextAsync("已退款");
        await Expect(dialog).ToContainTextAsync("验货入库");
        await page.ClickAsync("[data-testid=close-aftersale]");
        await Expect(page.Locator(".mud-overlay")).ToHaveCountAsync(0);

        // The SKU's page: on hand went up by the order's units and the ledger names the return and the order.
        await page.GotoAsync($"/inventory/sku/{order.SkuId}");
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        await Expect(page.Locator("[data-testid=kpi-on-hand]")).ToContainTextAsync((onHandBefore + order.Quantity).ToString("N0"));
        var entry = page.Locator("[data-testid=ledger-table] tbody tr", new() { HasText = order.OrderNo });
        await Expect(entry).ToContainTextAsync("退货入库");
        await Expect(entry).ToContainTextAsync("王老板");

        using (var scope = app.Services.CreateScope())
            Assert.Empty(await scope.ServiceProvider.GetRequiredService<KuaishouSeller.Core.Inventory.StockService>().LedgerMismatchesAsync(merchant));

        // The page at a phone's width and in English, for a person to look at.
        await page.GotoAsync("/after-sales");
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        await Expect(page.Locator("[data-testid=aftersale-table]")).ToBeVisibleAsync();
        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(new() { Path = Shot("after-sales-phone.png"), FullPage = true });
        await page.GotoAsync("/preferences/culture?culture=en&returnUrl=%2Fafter-sales");
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("After-sales");
        await page.ScreenshotAsync(new() { Path = Shot("after-sales-phone-en.png"), FullPage = true });
        await page.SetViewportSizeAsync(1440, 900);
        await page.ScreenshotAsync(new() { Path = Shot("after-sales-en.png"), FullPage = true });
        await page.GotoAsync("/preferences/culture?culture=zh-CN&returnUrl=%2F");

        await page.Context.CloseAsync();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}
