using System.Net;
using System.Net.Http.Headers;
using KuaishouSeller.Core.DemoWorld;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KuaishouSeller.Tests.Browser;

/// <summary>The owner creates an API key in Settings (shown once), the key reads the API, and revoking it stops it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ApiKeysInChromiumTests(KestrelAppFactory app, Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task The_owner_creates_a_key_that_works_and_revokes_it()
    {
        var page = await chromium.NewPageAsync(app.RootUri);
        var problems = Chromium.WatchProblems(page);
        await Chromium.SignInAsync(page, "owner@demo.ks", DemoWorldSeeder.DemoPassword);
        await page.GotoAsync("/settings");
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        await page.ClickAsync("[data-testid=settings-api-keys]");
        await Chromium.ExpectAddressAsync(page, "**/settings/api-keys");
        await page.Locator("[data-circuit=ready]").WaitForAsync();

        var name = "browser key " + Guid.NewGuid().ToString("N")[..6];
        await page.ClickAsync("[data-testid=api-key-new]");
        await page.Locator("input[data-testid=api-key-name]").FillAsync(name);
        await page.Locator("input[data-testid=api-key-name]").PressAsync("Tab");
        await page.ClickAsync("[data-testid=api-key-create]");
        var secret = page.Locator("input[data-testid=api-key-secret]");
        await Expect(secret).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^ks_"));
        var key = await secret.InputValueAsync();
        var row = page.Locator("[data-testid=api-key-row]", new() { HasText = name });
        await Expect(row).ToContainTextAsync("有效");

        using var client = new HttpClient { BaseAddress = new Uri(app.RootUri) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/stock?limit=1")).StatusCode);

        await row.Locator("[data-testid=api-key-revoke]").ClickAsync();
        await page.Locator(".mud-dialog .mud-dialog-actions button", new() { HasText = "吊销" }).ClickAsync();
        await Expect(row).ToContainTextAsync("已吊销");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/stock?limit=1")).StatusCode);
        Assert.Empty(problems);
    }
}
