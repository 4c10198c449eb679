using KuaishouSeller.Core.DemoWorld;
using KuaishouSeller.Core.Organisations;
using KuaishouSeller.Core.Service;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KuaishouSeller.Tests.Browser;

/// <summary>Customer service in Chromium: a colleague answers a waiting buyer with a quick phrase; the owner reveals a phone number.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ServiceInChromiumTests(KestrelAppFactory app, Chromium chromium) : IClassFixture<Chromium>
{
    private static string Shot(string name) => Path.Combine(Chromium.ScreenshotFolder, name);

    /// <summary>A conversation of this test's own: a buyer with nothing open in the first merchant's last shop writes in.</summary>
    private async Task<(long Id, string Nickname, string Phone)> NewConversationAsync(string text)
    {
        long shop, buyerId;
        await using (var db = app.Database.CreateContext())
        {
            var merchant = await db.Organisations.Where(o => o.Kind == OrganisationKind.Merchant).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
            shop = await db.Shops.Where(s => s.MerchantId == merchant).OrderByDescending(s => s.Id).Select(s => s.Id).FirstAsync();
            var busy = db.ChatSessions.Where(c => c.ShopId == shop && c.State != ConversationState.Closed).Select(c => c.BuyerId);
            buyerId = await db.Buyers.Where(b => !busy.Contains(b.Id)).OrderBy(b => b.Id).Select(b => b.Id).Skip(Random.Shared.Next(500)).FirstAsync();
        }
        using var scope = app.Services.CreateScope();
        var id = await scope.ServiceProvider.GetRequiredService<ConversationService>().ReceiveBuyerMessageAsync(shop, buyerId, text);
        await using var read = app.Database.CreateContext();
        var buyer = await read.Buyers.SingleAsync(b => b.Id == buyerId);
        return (id, buyer.Nickname, buyer.Phone);
    }

    [Fact]
    public async Task The_customer_service_colleague_answers_a_waiting_buyer_with_a_quick_phrase()
    {
        var conversation = await NewConversationAsync("请问我的订单什么时候发货？");
        var page = await chromium.NewPageAsync(app.RootUri, 1440, 900);
        var problems = Chromium.WatchProblems(page);
        await Chromium.SignInAsync(page, DemoConversations.ServiceEmail, DemoWorldSeeder.DemoPassword);
        await page.GotoAsync("/service");
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        await Expect(page.Locator("a[data-testid=nav-service]")).ToBeVisibleAsync();
        var row = page.Locator($"[data-testid=conversation][data-id='{conversation.Id}']");
        await Expect(row).ToContainTextAsync(conversation.Nickname);
        await Expect(row.Locator("[data-testid=conversation-state]")).ToContainTextAsync("待回复");
        await page.ScreenshotAsync(new() { Path = Shot("service-list-zh-1440.png"), FullPage = true });

        await row.Locator("button").ClickAsync();
        var pane = page.Locator(".ks-service-pane");
        await Expect(pane.Locator("[data-testid=message]")).ToContainTextAsync("请问我的订单什么时候发货？");
        // The buyer is masked; this colleague may reveal, but nothing shows in full until asked.
        await Expect(pane.Locator("[data-testid=buyer-phone]")).ToHaveTextAsync(conversation.Phone[..3] + "****" + conversation.Phone[^4..]);

        await pane.Locator("[data-testid=quick-phrases]").ClickAsync();
        await page.Locator(".mud-popover-open [data-testid=quick-phrase]", new() { HasText = "已为您加急发货" }).ClickAsync();
        await Expect(pane.Locator("textarea[data-testid=reply-text]")).ToHaveValueAsync("已为您加急发货，请留意物流信息～");
        await pane.Locator("[data-testid=send-reply]").ClickAsync();
        await Expect(pane.Locator("[data-testid=message]").Last).ToContainTextAsync("已为您加急发货，请留意物流信息～");
        await Expect(pane.Locator("[data-testid=message]").Last).ToContainTextAsync("赵客服");
        await Expect(pane.Locator("[data-testid=pane-state]")).ToContainTextAsync("已回复");
        await Expect(pane.Locator("[data-testid=pane-state]")).ToContainTextAsync("达标");
        // Answered, so it left the waiting list.
        await Expect(row).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Shot("service-pane-zh-1440.png"), FullPage = true });

        await using (var db = app.Database.CreateContext())
        {
            var chat = await db.ChatSessions.AsNoTracking().SingleAsync(c => c.Id == conversation.Id);
            Assert.NotNull(chat.FirstResponseSeconds);
            Assert.Equal(ConversationState.Answered, chat.State);
        }

        // The same page in English and on a phone: the list first, the conversation after a tap, with a way back.
        await page.GotoAsync($"/preferences/culture?culture=en&returnUrl={Uri.EscapeDataString("/service?view=all")}");
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Customer service");
        await page.ScreenshotAsync(new() { Path = Shot("service-list-en-1440.png"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(new() { Path = Shot("service-list-en-390.png"), FullPage = true });
        await page.Locator($"[data-testid=conversation][data-id='{conversation.Id}'] button").ClickAsync();
        await Expect(page.Locator("[data-testid=back-to-list]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=conversation-list]")).Not.ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Shot("service-pane-en-390.png"), FullPage = true });
        await page.GotoAsync($"/preferences/culture?culture=zh-CN&returnUrl={Uri.EscapeDataString($"/service?view=all&c={conversation.Id}")}");
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        await Expect(page.Locator("[data-testid=back-to-list]")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Shot("service-pane-zh-390.png"), FullPage = true });
        await page.Locator("[data-testid=back-to-list]").ClickAsync();
        await Expect(page.Locator("[data-testid=conversation-list]")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Shot("service-list-zh-390.png"), FullPage = true });
        Assert.Empty(problems);
    }

    [Fact]
    public async Task The_owner_reveals_a_phone_number_with_a_reason_and_the_audit_log_shows_it()
    {
        var conversation = await NewConversationAsync("地址需要改一下");
        var page = await chromium.NewPageAsync(app.RootUri, 1440, 900);
        var problems = Chromium.WatchProblems(page);
        await Chromium.SignInAsync(page, "owner@demo.ks", DemoWorldSeeder.DemoPassword);
        await page.GotoAsync($"/service?c={conversation.Id}");
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        var pane = page.Locator(".ks-service-pane");
        var phone = pane.Locator("[data-testid=buyer-phone]");
        await Expect(phone).Not.ToHaveTextAsync(conversation.Phone);

        await pane.Locator("[data-testid=reveal-phone]").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await Expect(dialog).ToContainTextAsync("查看会记入操作日志");
        // No reason, no reveal.
        await dialog.Locator("[data-testid=reveal-confirm]").ClickAsync();
        await Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("请填写查看原因");
        await dialog.Locator("input[data-testid=reveal-reason]").FillAsync("买家要求改地址，电话核实");
        await dialog.Locator("input[data-testid=reveal-reason]").PressAsync("Tab");
        await dialog.Locator("[data-testid=reveal-confirm]").ClickAsync();
        await Expect(phone).ToHaveTextAsync(conversation.Phone);
        await Expect(pane.Locator("[data-testid=reveal-phone]")).ToHaveCountAsync(0);
        // Only the phone: the name stays masked.
        await Expect(pane.Locator("[data-testid=reveal-name]")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Shot("service-reveal-zh-1440.png"), FullPage = true });

        await page.GotoAsync("/settings/audit");
        var table = page.Locator("[data-testid=audit-table]");
        await Expect(table).ToContainTextAsync($"查看了买家「{conversation.Nickname}」的完整手机号（会话 #{conversation.Id}）（买家要求改地址，电话核实）");
        await Expect(table).Not.ToContainTextAsync(conversation.Phone);
        Assert.Empty(problems);
    }
}
