using KuaishouSeller.Core.DemoWorld;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KuaishouSeller.Tests.Browser;

/// <summary>
/// The main tasks with the keyboard alone, in Chromium: switching workspace, opening what cost a score its points,
/// closing a dialog, and editing the rows of a campaign registration without a row moving under the cursor.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class KeyboardInChromiumTests(KestrelAppFactory app, Chromium chromium) : IClassFixture<Chromium>
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

    /// <summary>Presses Tab until the focused element matches the selector; fails if it is never reached.</summary>
    private static async Task TabToAsync(IPage page, string selector, int maxPresses = 120)
    {
        for (var i = 0; i < maxPresses; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector)) return;
        }
        Assert.Fail($"Tab never reached {selector} in {maxPresses} presses.");
    }

    private static Task<string[]> MarksAsync(IPage page) =>
        page.Locator("[data-testid=batch-rows] tbody tr[data-testid=batch-row] [data-testid=row-mark]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.mark)");

    private static Task<string> FocusedTestIdAsync(IPage page) =>
        page.EvaluateAsync<string>("() => document.activeElement?.closest('[data-testid]')?.getAttribute('data-testid') ?? ''");

    [Fact]
    public async Task The_workspace_switcher_is_driven_by_typing_arrows_enter_and_escape()
    {
        var (page, problems) = await SignedInAsync("operator@demo.ks");
        await page.Locator("[data-testid=workspace-switcher][data-shortcut=ready]").WaitForAsync();

        // Escape closes it.
        await page.Keyboard.PressAsync("Control+k");
        await page.Locator("[data-testid=workspace-keys][data-keys=ready]").WaitForAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);

        // Down from the search box goes into the list, Down again to the next entry, Up back.
        await page.Keyboard.PressAsync("Control+k");
        await page.Locator("[data-testid=workspace-keys][data-keys=ready]").WaitForAsync();
        await Expect(page.Locator("input[data-testid=workspace-search]")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        var picks = page.Locator("button.ks-workspace-pick");
        await Expect(picks.Nth(0)).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(picks.Nth(1)).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowUp");
        await page.Keyboard.PressAsync("ArrowUp");
        await Expect(page.Locator("input[data-testid=workspace-search]")).ToBeFocusedAsync();

        // Typing filters; Enter picks the match and the page reloads in it.
        await page.Keyboard.TypeAsync("直播专营店");
        await Expect(page.Locator("[data-testid=workspace-option]")).ToHaveCountAsync(1);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("[data-testid=workspace-switcher]")).ToContainTextAsync("直播专营店");
        await DoneAsync(page, problems);
    }

    [Fact]
    public async Task An_indicator_row_is_reached_with_tab_and_opens_its_lost_orders_with_enter()
    {
        var (page, problems) = await SignedInAsync("owner@demo.ks");
        await page.GotoAsync("/scores");
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        await page.Locator("[data-testid=indicator-table]").WaitForAsync();
        await Expect(page.Locator("[data-testid=costing-table]")).ToHaveCountAsync(0);

        await TabToAsync(page, "[data-testid=open-indicator]");
        await Expect(page.Locator(":focus")).ToHaveAttributeAsync("aria-expanded", "false");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("[data-testid=costing-table]")).ToBeVisibleAsync();
        await Expect(page.Locator(":focus")).ToHaveAttributeAsync("aria-expanded", "true");
        await DoneAsync(page, problems);
    }

    [Fact]
    public async Task A_dialog_opened_from_the_keyboard_closes_on_escape()
    {
        var (page, problems) = await SignedInAsync("owner@demo.ks");
        await page.GotoAsync("/inventory");
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        await page.Locator("[data-testid=stock-table] [data-testid=adjust]").First.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator(".mud-dialog")).ToBeVisibleAsync();
        // The dialog takes the focus (its focus trap), so the keys go to it.
        await page.WaitForFunctionAsync("() => document.activeElement?.closest('.mud-dialog-container') != null");
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);
        await DoneAsync(page, problems);
    }

    [Fact]
    public async Task The_shared_pager_turns_and_resizes_the_stock_table_from_the_keyboard_and_says_which_rows_show()
    {
        var (page, problems) = await SignedInAsync("owner@demo.ks");
        await page.GotoAsync("/inventory");
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        var rows = page.Locator("[data-testid=stock-table] tbody tr");
        var info = page.Locator("[data-testid=stock-table] [data-testid=pager-info]");
        await Expect(rows).ToHaveCountAsync(50);
        await Expect(info).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^1–50，共 [\d,]+ 条$"));
        var total = int.Parse((await info.InnerTextAsync()).Split("共 ")[1].Split(' ')[0], System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(total > 100, $"the stock table needs more than two pages for this test, has {total} rows");
        var firstCode = await rows.First.Locator("code").InnerTextAsync();
        await Expect(page.Locator("[data-testid=stock-table] [data-testid=prev-page]")).ToBeDisabledAsync();

        // Tab reaches the pager (the disabled "previous" is skipped), Enter turns the page.
        await TabToAsync(page, "[data-testid=stock-table] [data-testid=next-page]", maxPresses: 400);
        await page.Keyboard.PressAsync("Enter");
        await Expect(info).ToHaveTextAsync($"51–100，共 {total:N0} 条");
        await Expect(rows.First.Locator("code")).Not.ToHaveTextAsync(firstCode);
        Assert.Equal("next-page", await FocusedTestIdAsync(page));

        // A smaller page keeps the first row shown on the page shown: rows 51–75.
        var secondPageFirst = await rows.First.Locator("code").InnerTextAsync();
        await page.Locator("[data-testid=stock-table] select[data-testid=pager-size]").SelectOptionAsync("25");
        await Expect(rows).ToHaveCountAsync(25);
        await Expect(info).ToHaveTextAsync($"51–75，共 {total:N0} 条");
        await Expect(rows.First.Locator("code")).ToHaveTextAsync(secondPageFirst);

        // Shift+Tab from "next" is "previous"; Enter goes back a page of 25.
        await page.Locator("[data-testid=stock-table] [data-testid=next-page]").FocusAsync();
        await page.Keyboard.PressAsync("Shift+Tab");
        Assert.Equal("prev-page", await FocusedTestIdAsync(page));
        await page.Keyboard.PressAsync("Enter");
        await Expect(info).ToHaveTextAsync($"26–50，共 {total:N0} 条");
        await Expect(rows).ToHaveCountAsync(25);
        await DoneAsync(page, problems);
    }

    [Fact]
    public async Task Editing_registration_rows_by_keyboard_keeps_every_row_in_place_and_focus_in_the_row()
    {
        var batch = await DemoDraft.StartAsync(app, "龙井", step: 3);
        var (page, problems) = await SignedInAsync("owner@demo.ks");
        await page.GotoAsync($"/campaigns/register/{batch}");
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        // The rows load in the circuit after the step's first render, as a person sees them before checking them; a key
        // pressed on the prerendered button before the circuit's render replaced it would go nowhere.
        await page.Locator("[data-testid=batch-row]").First.WaitForAsync();
        await page.Locator("[data-testid=check-all]").FocusAsync();
        Assert.Equal("check-all", await FocusedTestIdAsync(page));
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("[data-testid=check-summary]")).ToContainTextAsync("通过");
        var rows = page.Locator("[data-testid=batch-rows] tbody tr[data-testid=batch-row]");
        await Expect(rows.Nth(2)).ToBeVisibleAsync();
        // Every row shows its pass mark after the check.
        await Expect(page.Locator("[data-testid=batch-rows] [data-testid=row-mark][data-mark=unchecked]")).ToHaveCountAsync(0);
        var order = await page.Locator("[data-testid=batch-rows] tbody tr[data-testid=batch-row] code").AllInnerTextsAsync();
        var marks = await MarksAsync(page);

        // The second row gets more stock than the pool can promise, typed and left with Tab.
        var stock = rows.Nth(1).Locator("input[data-testid=stock]");
        await stock.FocusAsync();
        await page.Keyboard.PressAsync("Control+a");
        await page.Keyboard.TypeAsync("99999");
        await page.Keyboard.PressAsync("Tab");
        await Expect(rows.Nth(1).Locator("[data-testid=row-mark]")).ToHaveAttributeAsync("data-mark", "fail");
        await Expect(rows.Nth(1).Locator("[data-testid=problem]").First).ToContainTextAsync("承诺库存");

        // Nothing moved: same products in the same places, the value kept, and focus still in that row.
        Assert.Equal(order, await page.Locator("[data-testid=batch-rows] tbody tr[data-testid=batch-row] code").AllInnerTextsAsync());
        await Expect(rows.Nth(1).Locator("input[data-testid=stock]")).ToHaveValueAsync("99999");
        Assert.True(await page.EvaluateAsync<bool>("r => r.contains(document.activeElement)", await rows.Nth(1).ElementHandleAsync()),
            $"focus left the edited row for {await FocusedTestIdAsync(page)}");
        // The other rows keep their marks.
        var after = await MarksAsync(page);
        Assert.Equal(marks.Where((_, i) => i != 1), after.Where((_, i) => i != 1));

        // "Check all" is the one moment rows are re-sorted: the failing row comes first.
        await page.Locator("[data-testid=check-all]").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("[data-testid=batch-rows] tbody tr[data-testid=batch-row] [data-testid=row-mark]").First).ToHaveAttributeAsync("data-mark", "fail");
        var sorted = await page.Locator("[data-testid=batch-rows] tbody tr[data-testid=batch-row] code").AllInnerTextsAsync();
        var firstPass = Array.IndexOf(await MarksAsync(page), "pass");
        Assert.InRange(sorted.ToList().IndexOf(order[1]), 0, firstPass < 0 ? sorted.Count : firstPass - 1);

        // The review step lists the items it will submit.
        await page.Locator("[data-testid=next]").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("[data-testid=review-items] [data-testid=review-item]")).ToHaveCountAsync(order.Count);
        await Expect(page.Locator("[data-testid=review-items]")).ToContainTextAsync(order[1]);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "campaign-review-step.png"), FullPage = true });
        await DoneAsync(page, problems);
    }
}
