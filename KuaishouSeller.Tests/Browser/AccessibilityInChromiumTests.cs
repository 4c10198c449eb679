using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using KuaishouSeller.Core.Campaigns;
using KuaishouSeller.Core.DemoWorld;
using KuaishouSeller.Core.Organisations;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KuaishouSeller.Tests.Browser;

/// <summary>
/// axe-core 4.14 on every page each demo role reaches, in Chinese and English, light and dark: no serious or critical
/// violation anywhere. One seeded app and one browser for the whole class; each combination signs each role in once.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityInChromiumTests(KestrelAppFactory app, Chromium chromium) : IClassFixture<Chromium>
{
    private static long? _batch;

    /// <summary>Every page of the app, by the role that reaches it, with the ids of the demo world filled in.</summary>
    private async Task<(string Email, string[] Paths)[]> PagesAsync()
    {
        await using var db = app.Database.CreateContext();
        var merchant = await db.Organisations.Where(o => o.Kind == OrganisationKind.Merchant).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
        var shop = await db.Shops.Where(s => s.MerchantId == merchant).OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
        var sku = await db.Skus.Where(s => s.MerchantId == merchant).OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
        var listing = await db.Listings.Where(l => l.ShopId == shop).OrderBy(l => l.Id).Select(l => l.Id).FirstAsync();
        var order = await db.Orders.Where(o => o.ShopId == shop).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
        var campaign = await db.Campaigns.OrderByDescending(c => c.Id).Select(c => c.Id).FirstAsync();
        // The wizard on its busiest step: the rows of a draft with a few goods.
        _batch ??= await DemoDraft.StartAsync(app, "茶", step: 3);
        var batch = _batch;
        var creator = await db.Organisations.Where(o => o.Kind == OrganisationKind.Creator).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
        string[] owner =
        [
            "/", "/shops", "/catalog", "/inventory", "/inventory/import", $"/inventory/sku/{sku}", "/plan", $"/plan/shop/{shop}",
            "/scores", $"/scores/product/{listing}", "/scores/rulebook", $"/orders/{order}", "/campaigns", $"/campaigns/{campaign}",
            $"/campaigns/register/{batch}", "/orders", "/orders?state=ToShip&overdue=1", "/orders/pick-list?state=ToShip",
            "/inventory/import?kind=shipments", "/after-sales", "/service",
            "/growth", "/settlement", "/settings", "/settings/staff", "/settings/delegations", "/settings/audit", "/settings/api-keys", "/settings/webhooks",
            "/Account/Manage", "/Account/Manage/Email", "/Account/Manage/ChangePassword", "/Account/Manage/TwoFactorAuthentication",
            "/Account/Manage/EnableAuthenticator", "/Account/Manage/PersonalData", "/not-found",
        ];
        return
        [
            ("owner@demo.ks", owner),
            ("reviewer@demo.ks", ["/", "/campaigns/review", "/scores/rulebook"]),
            ("creator@demo.ks", ["/", $"/scores/creator/{creator}", "/campaigns", $"/campaigns/{campaign}/pool"]),
            ("agency@demo.ks", ["/", "/settings/delegations", "/campaigns"]),
            ("service@demo.ks", ["/", "/service", "/after-sales", "/orders"]),
        ];
    }

    private static readonly string[] SignedOutPages = ["/Account/Login", "/Account/Register", "/Account/ForgotPassword", "/Account/ResendEmailConfirmation"];

    private static readonly (string Culture, string Theme)[] Combinations = [("zh-CN", "light"), ("zh-CN", "dark"), ("en", "light"), ("en", "dark")];

    /// <summary>
    /// The four combinations run side by side, each in its own browser context, so their waits overlap (one after the
    /// other took ≈10 minutes on the 2-core machine). The agency's own home is scanned after them: it needs the agency's
    /// workspace switched, which every combination shares.
    /// </summary>
    [Fact]
    public async Task Every_page_in_both_languages_and_both_themes_has_no_serious_or_critical_axe_violation()
    {
        var roles = await PagesAsync();
        var runs = await Task.WhenAll(Combinations.Select(c => ScanCombinationAsync(c.Culture, c.Theme, roles)));
        await SwitchAgencyAsync(own: true);
        try
        {
            foreach (var run in runs)
                run.Found += await ScanAsync(run.Page, "/", "agency@demo.ks (own organisation)", run.Report);
        }
        finally
        {
            // Back to the merchant the agency was working for.
            await SwitchAgencyAsync(own: false);
            foreach (var run in runs) await run.Page.Context.CloseAsync();
        }
        var found = runs.Sum(r => r.Found);
        Assert.True(found == 0, $"{found} serious or critical axe nodes:{Environment.NewLine}" +
            string.Join(Environment.NewLine, runs.Where(r => r.Found > 0).Select(r => $"== {r.Culture}, {r.Theme}: {r.Found}{Environment.NewLine}{r.Report}")));
    }

    private sealed class Run(string culture, string theme, IPage page)
    {
        public string Culture { get; } = culture;
        public string Theme { get; } = theme;
        public IPage Page { get; } = page;
        public StringBuilder Report { get; } = new();
        public int Found { get; set; }
    }

    private async Task<Run> ScanCombinationAsync(string culture, string theme, (string Email, string[] Paths)[] roles)
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.RootUri, ViewportSize = new ViewportSize { Width = 1440, Height = 900 }, Locale = "zh-CN", TimezoneId = "Asia/Shanghai",
        });
        context.SetDefaultTimeout(30_000);
        var host = new Uri(app.RootUri).Host;
        Cookie[] preferences =
        [
            new() { Name = ".AspNetCore.Culture", Value = Uri.EscapeDataString($"c={culture}|uic={culture}"), Domain = host, Path = "/" },
            new() { Name = "ks-theme", Value = theme, Domain = host, Path = "/" },
        ];
        await context.AddCookiesAsync(preferences);
        var run = new Run(culture, theme, await context.NewPageAsync());
        foreach (var path in SignedOutPages) run.Found += await ScanAsync(run.Page, path, "signed out", run.Report);
        foreach (var (email, paths) in roles)
        {
            // The last role (the agency) stays signed in for the scan of its own home.
            await context.ClearCookiesAsync();
            await context.AddCookiesAsync(preferences);
            await Chromium.SignInAsync(run.Page, email, DemoWorldSeeder.DemoPassword);
            foreach (var path in paths) run.Found += await ScanAsync(run.Page, path, email, run.Report);
        }
        return run;
    }

    private async Task SwitchAgencyAsync(bool own)
    {
        await using var db = app.Database.CreateContext();
        var user = await db.Users.Where(u => u.Email == "agency@demo.ks").Select(u => u.Id).SingleAsync();
        var kind = own ? OrganisationKind.Agency : OrganisationKind.Merchant;
        var organisation = await db.Organisations.Where(o => o.Kind == kind).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<KuaishouSeller.Core.Workspace.WorkspaceService>().SwitchAsync(user, organisation, null);
    }

    private static async Task<int> ScanAsync(IPage page, string path, string who, StringBuilder report)
    {
        await page.GotoAsync(path);
        try
        {
            if (path is not "/not-found" && !path.StartsWith("/Account/", StringComparison.Ordinal)) await page.Locator("[data-circuit=ready]").WaitForAsync();
        }
        catch (TimeoutException e)
        {
            // Name the page: "the circuit never came up" alone does not say where.
            throw new TimeoutException($"{path} as {who}: the circuit did not come up. {e.Message}", e);
        }
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var result = await page.RunAxe();
        var count = 0;
        // Two rules axe rates below "serious" but the issue asks for: one h1 naming the page, and no field named by its
        // placeholder alone (the placeholder vanishes as soon as one types).
        var headings = await page.Locator("h1").CountAsync();
        if (headings != 1) { count++; report.AppendLine($"{who} {path}: {headings} h1 headings (want exactly 1)"); }
        var placeholderOnly = await page.EvaluateAsync<string[]>(PlaceholderOnlyScript);
        foreach (var field in placeholderOnly) { count++; report.AppendLine($"{who} {path}: field named only by its placeholder: {field}"); }
        foreach (var violation in result.Violations.Where(v => v.Impact is "serious" or "critical"))
        {
            count += violation.Nodes.Length;
            report.AppendLine($"{who} {path}: {violation.Id} ({violation.Impact}) ×{violation.Nodes.Length}");
            foreach (var node in violation.Nodes.Take(4))
                report.AppendLine($"    {node.Target} :: {Trim(node.Html)} :: {Trim(string.Join("; ", node.Any.Concat(node.All).Concat(node.None).Select(c => c.Message)))}");
        }
        return count;
    }

    private const string PlaceholderOnlyScript = """
        () => [...document.querySelectorAll('input[placeholder], textarea[placeholder]')]
            .filter(e => e.offsetParent !== null && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby') && !(e.labels && e.labels.length))
            .map(e => e.outerHTML.slice(0, 160))
        """;

    private static string Trim(string? text) => text is null ? "" : (text.Length > 220 ? text[..220] + "…" : text).ReplaceLineEndings(" ");
}
