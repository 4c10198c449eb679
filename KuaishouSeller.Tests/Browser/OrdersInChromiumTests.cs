using System.Text;
using KuaishouSeller.Core.DemoWorld;
using KuaishouSeller.Core.Orders;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KuaishouSeller.Tests.Browser;

/// <summary>The owner ships orders in Chromium against real Kestrel: one from the list, then a file through the preview.</summary>
[Collection(BrowserCollection.Name)]
public sealed class OrdersInChromiumTests(KestrelAppFactory app, Chromium chromium) : IClassFixture<Chromium>
{
    private static string Shot(string name) => Path.Combine(Chromium.ScreenshotFolder, name);

    private async Task<(IPage Page, List<string> Problems)> OwnerAsync(int width = 1440, int height = 900)
    {
        var page = await chromium.NewPageAsync(app.RootUri, width, height);
        var problems = Chromium.WatchProblems(page);
        await Chromium.SignInAsync(page, "owner@demo.ks", DemoWorldSeeder.DemoPassword);
        return (page, problems);
    }

    /// <summary>
    /// Unshipped orders of the owner's merchant holding a pool reservation, newest first from an offset of this class's
    /// own (other tests act on other rows of the shared world).
    /// </summary>
    private async Task<List<(long Id, string OrderNo)>> OrdersAsync(int skip, int take)
    {
        await using var db = app.Database.CreateContext();
        var merchant = await db.Organisations.Where(o => o.Kind == KuaishouSeller.Core.Organisations.OrganisationKind.Merchant).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
        var rows = await db.Orders.AsNoTracking().Where(o => o.MerchantId == merchant && o.Status == OrderStatus.Paid && o.ReservedFrom == ReservationSource.Pool)
            .OrderByDescending(o => o.Id).Skip(skip).Take(take).Select(o => new { o.Id, o.OrderNo }).ToListAsync();
        return rows.Select(r => (r.Id, r.OrderNo)).ToList();
    }

    private async Task<OrderStatus> StatusAsync(long id)
    {
        await using var db = app.Database.CreateContext();
        return await db.Orders.Where(o => o.Id == id).Select(o => o.Status).SingleAsync();
    }

    [Fact]
    public async Task The_owner_finds_an_order_on_the_orders_page_ships_it_and_sees_it_shipped()
    {
        var (page, problems) = await OwnerAsync();
        var order = (await OrdersAsync(skip: 40, take: 1))[0];
        await page.GotoAsync("/orders?state=ToShip");
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        await Expect(page.Locator("[data-testid=order-row]").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Shot("orders-1440-zh.png"), FullPage = true });

        // Every state, so the order stays in the list once shipped.
        await page.ClickAsync("[data-testid=state-All]");
        await Expect(page.Locator("[data-testid=state-All]")).ToHaveAttributeAsync("aria-pressed", "true");
        await page.Locator("input[data-testid=order-search]").FillAsync(order.OrderNo);
        await page.Locator("input[data-testid=order-search]").PressAsync("Tab");
        var row = page.Locator("[data-testid=order-row]");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToHaveAttributeAsync("data-order-no", order.OrderNo);

        await row.Locator("[data-testid=ship]").ClickAsync();
        await page.Locator("[data-testid=ship-carrier]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "中通快递" }).ClickAsync();
        await Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-testid=ship-carrier]")).ToContainTextAsync("中通快递");
        await page.Locator("input[data-testid=ship-waybill]").FillAsync("735500000001");
        await page.Locator("input[data-testid=ship-waybill]").PressAsync("Tab");
        await page.ScreenshotAsync(new() { Path = Shot("orders-ship-dialog.png") });
        await page.ClickAsync("[data-testid=ship-save]");

        await Expect(row.Locator("[data-testid=order-state]")).ToHaveTextAsync("已发货");
        await Expect(row).ToContainTextAsync("735500000001");
        Assert.Equal(OrderStatus.Shipped, await StatusAsync(order.Id));

        // The order page shows the shipment in its history; shipping again is no longer offered, and why.
        await Expect(page.Locator(".mud-overlay")).ToHaveCountAsync(0);
        await row.Locator("[data-testid=order-link]").ClickAsync();
        await Chromium.ExpectAddressAsync(page, $"**/orders/{order.Id}");
        await Expect(page.Locator("[data-testid=order-timeline]")).ToContainTextAsync("中通快递 735500000001");
        await Expect(page.Locator("[data-testid=order-ship]")).ToBeDisabledAsync();
        await page.ScreenshotAsync(new() { Path = Shot("order-page-shipped.png"), FullPage = true });

        await page.Context.CloseAsync();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task The_filter_bar_narrows_the_list_by_state_shop_and_paid_day_keeps_it_in_the_address_and_back_restores_it()
    {
        // The shop and Beijing day with the most unshipped orders of the owner's merchant: what the filters should leave.
        await using var db = app.Database.CreateContext();
        var merchant = await db.Organisations.Where(o => o.Kind == KuaishouSeller.Core.Organisations.OrganisationKind.Merchant).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
        var unshipped = await db.Orders.AsNoTracking().Where(o => o.MerchantId == merchant && o.Status == OrderStatus.Paid)
            .Select(o => new { o.ShopId, o.PaidAt }).ToListAsync();
        var busiest = unshipped.GroupBy(o => (o.ShopId, Day: DateOnly.FromDateTime(KuaishouSeller.Core.Common.ShanghaiTime.ToLocal(o.PaidAt))))
            .OrderByDescending(g => g.Count()).First();
        var (shopId, day) = busiest.Key;
        var shopName = await db.Shops.Where(s => s.Id == shopId).Select(s => s.Name).SingleAsync();
        var dayText = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var (page, problems) = await OwnerAsync();
        await page.GotoAsync("/orders");
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        await page.ClickAsync("[data-testid=state-ToShip]");
        await Expect(page.Locator("[data-testid=state-ToShip]")).ToHaveAttributeAsync("aria-pressed", "true");
        await Chromium.ExpectAddressAsync(page, "**/orders?state=ToShip");
        await page.Locator("select[data-testid=order-shop]").SelectOptionAsync(shopId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Chromium.ExpectAddressAsync(page, $"**/orders?state=ToShip&shop={shopId}");
        await page.Locator("input[data-testid=order-paid-from]").FillAsync(dayText);
        await Chromium.ExpectAddressAsync(page, $"**/orders?state=ToShip&shop={shopId}&from={dayText}");
        await page.Locator("input[data-testid=order-paid-to]").FillAsync(dayText);
        await Chromium.ExpectAddressAsync(page, $"**/orders?state=ToShip&shop={shopId}&from={dayText}&to={dayText}");

        var rows = page.Locator("[data-testid=order-row]");
        await Expect(rows).ToHaveCountAsync(Math.Min(busiest.Count(), 50));
        foreach (var text in await rows.AllInnerTextsAsync())
        {
            Assert.Contains(shopName, text);
            Assert.Contains(dayText, text);
        }
        await Expect(page.Locator("[data-testid=order-state]").First).ToHaveTextAsync("已支付");
        await page.ScreenshotAsync(new() { Path = Shot("orders-filtered-1440-zh.png"), FullPage = true });

        // Hours out of range change nothing and say why.
        await page.Locator("input[data-testid=order-due]").FillAsync("9999");
        await page.Locator("input[data-testid=order-due]").PressAsync("Tab");
        await Expect(page.Locator("[data-testid=order-due-refused]")).ToContainTextAsync("0 到 720");
        Assert.EndsWith($"&to={dayText}", page.Url);
        await Expect(rows).ToHaveCountAsync(Math.Min(busiest.Count(), 50));

        // Back undoes the last filter: the end day is gone from the address, the field and the list.
        await page.GoBackAsync();
        await Chromium.ExpectAddressAsync(page, $"**/orders?state=ToShip&shop={shopId}&from={dayText}");
        await Expect(page.Locator("input[data-testid=order-paid-to]")).ToHaveValueAsync("");
        await Expect(page.Locator("input[data-testid=order-paid-from]")).ToHaveValueAsync(dayText);
        await Expect(page.Locator("select[data-testid=order-shop]")).ToHaveValueAsync(shopId.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // The address opens the same filter in a new page (a link from a colleague, a bookmark).
        await page.GotoAsync($"/orders?state=ToShip&shop={shopId}&from={dayText}&to={dayText}");
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        await Expect(rows).ToHaveCountAsync(Math.Min(busiest.Count(), 50));
        await Expect(page.Locator("input[data-testid=order-paid-to]")).ToHaveValueAsync(dayText);

        await page.Context.CloseAsync();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task The_owner_uploads_a_shipping_file_sees_the_bad_row_refused_applies_it_and_the_orders_are_shipped()
    {
        var (page, problems) = await OwnerAsync();
        var orders = await OrdersAsync(skip: 50, take: 3);
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var csv = Encoding.GetEncoding("GBK").GetBytes(
            $"订单号,快递公司,运单号\r\n{orders[0].OrderNo},中通,735500000101\r\n{orders[1].OrderNo},顺丰,SF5500000000102\r\n{orders[2].OrderNo},圆通,12345\r\n");

        await page.GotoAsync("/orders");
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        await page.ClickAsync("[data-testid=go-bulk-ship]");
        await Chromium.ExpectAddressAsync(page, "**/inventory/import?kind=shipments");
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("批量发货");
        await Chromium.ChooseFileAsync(page, new FilePayload { Name = "发货.csv", MimeType = "text/csv", Buffer = csv }, page.Locator("[data-testid=ship-summary]"));

        await Expect(page.Locator("[data-testid=ship-summary]")).ToContainTextAsync("可发货 2，拒绝 1");
        var refused = page.Locator("[data-testid=ship-row]", new() { Has = page.Locator("[data-testid=ship-row-refused]") });
        await Expect(refused).ToHaveCountAsync(1);
        await Expect(refused).ToContainTextAsync("不符合圆通速递的单号格式");
        await Expect(refused).ToHaveAttributeAsync("data-row", "4");
        await page.ScreenshotAsync(new() { Path = Shot("orders-bulk-preview.png"), FullPage = true });

        await page.ClickAsync("[data-testid=import-apply]");
        await Expect(page.Locator("[data-testid=import-done]")).ToContainTextAsync("已发货 2 单");
        await Expect(page.Locator("[data-testid=ship-row-ok]").First).ToHaveTextAsync("已发货");

        await page.GotoAsync("/orders?q=" + Uri.EscapeDataString(orders[1].OrderNo));
        await Expect(page.Locator("[data-testid=order-row] [data-testid=order-state]")).ToHaveTextAsync("已发货");
        Assert.Equal(OrderStatus.Shipped, await StatusAsync(orders[0].Id));
        Assert.Equal(OrderStatus.Paid, await StatusAsync(orders[2].Id));

        await page.Context.CloseAsync();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task The_orders_page_and_the_pick_list_render_on_a_phone_and_in_english()
    {
        var (phone, problems) = await OwnerAsync(390, 844);
        await phone.GotoAsync("/orders?state=ToShip");
        await phone.Locator("[data-circuit=ready]").WaitForAsync();
        await Expect(phone.Locator("[data-testid=order-row]")).ToHaveCountAsync(10);
        await phone.ScreenshotAsync(new() { Path = Shot("orders-390-zh.png"), FullPage = true });
        await phone.GotoAsync("/preferences/culture?culture=en&returnUrl=%2Forders%3Fstate%3DToShip");
        await phone.Locator("[data-circuit=ready]").WaitForAsync();
        await Expect(phone.Locator("h1")).ToHaveTextAsync("Orders and shipping");
        await Expect(phone.Locator("[data-testid=order-row]")).ToHaveCountAsync(10);
        await phone.ScreenshotAsync(new() { Path = Shot("orders-390-en.png"), FullPage = true });
        await phone.Context.CloseAsync();

        var (page, more) = await OwnerAsync();
        await page.GotoAsync("/preferences/culture?culture=en&returnUrl=%2Forders%3Fstate%3DToShip");
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        await Expect(page.Locator("[data-testid=order-row]").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Shot("orders-1440-en.png"), FullPage = true });
        // The filter bar's native controls follow the dark theme (color-scheme), as the rest of the page does.
        await page.ClickAsync("[data-testid=theme-toggle]");
        await Expect(page.Locator(".mud-layout.ks-dark")).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new() { Path = Shot("orders-1440-en-dark.png") });
        await page.ClickAsync("[data-testid=theme-toggle]");
        await Expect(page.Locator(".mud-layout.ks-dark")).ToHaveCountAsync(0);
        await page.Locator("[data-testid=select-page]").CheckAsync();
        await Expect(page.Locator("[data-testid=bulk-bar]")).ToContainTextAsync("selected");
        await page.ClickAsync("[data-testid=pick-list-selected]");
        await Chromium.ExpectAddressAsync(page, "**/orders/pick-list?ids=**");
        await Expect(page.Locator("[data-testid=pick-line]").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Shot("pick-list-1440-en.png"), FullPage = true });
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await page.ScreenshotAsync(new() { Path = Shot("pick-list-print.png"), FullPage = true });
        await page.GotoAsync("/preferences/culture?culture=zh-CN&returnUrl=%2F");
        await page.Context.CloseAsync();
        Assert.True(problems.Count + more.Count == 0, string.Join(Environment.NewLine, problems.Concat(more)));
    }
}
