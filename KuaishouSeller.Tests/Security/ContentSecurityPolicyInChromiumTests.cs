using KuaishouSeller.Core.DemoWorld;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.Playwright;

namespace KuaishouSeller.Tests.Security;

/// <summary>
/// The demo owner clicks through every page of the navigation (and the account pages) under the real
/// Content-Security-Policy: the app, MudBlazor, the Blazor circuit and Chart.js must run with no violation and no
/// console error.
/// </summary>
[Collection(SecureSqliteCollection.Name)]
public sealed class ContentSecurityPolicyInChromiumTests(SecureSqliteApp app, Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task Every_page_of_the_navigation_runs_under_the_policy_without_a_console_error()
    {
        var page = await chromium.NewPageAsync(app.RootUri);
        var problems = Chromium.WatchProblems(page);
        page.Console += (_, message) => { if (message.Type == "warning" && message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) problems.Add($"console: {message.Text}"); };
        await page.Context.AddInitScriptAsync("""
            document.addEventListener('securitypolicyviolation', e =>
                console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber));
            """);

        await Chromium.SignInAsync(page, "owner@demo.ks", DemoWorldSeeder.DemoPassword);
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        var links = await page.Locator(".mud-navmenu a[href]").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        Assert.True(links.Length >= 10, string.Join(", ", links));

        var visited = new List<string>();
        foreach (var href in links)
        {
            // In the circuit, as a person clicks: the page, its charts and its JS interop run under the first response's policy.
            await page.Locator($".mud-navmenu a[href='{href}']").First.ClickAsync();
            await Chromium.ExpectAddressAsync(page, "**" + href);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await page.WaitForTimeoutAsync(300);
            visited.Add(href);
        }
        // A full load of a chart page (the nonce of a fresh response) and the server-rendered account pages.
        foreach (var path in new[] { "/", "/scores", "/Account/Manage", "/Account/Manage/TwoFactorAuthentication", "/Account/Manage/EnableAuthenticator", "/Account/Manage/PersonalData" })
        {
            await page.GotoAsync(path);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            visited.Add(path);
        }
        await page.Context.CloseAsync();
        Assert.True(problems.Count == 0, $"Visited {string.Join(", ", visited)}:\n{string.Join("\n", problems)}");
    }
}
