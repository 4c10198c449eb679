using System.Net;
using KuaishouSeller.Tests.Infrastructure;

namespace KuaishouSeller.Tests.Security;

/// <summary>Sign-in, sign-out and the language switch send the browser back only to a path on this site; anything else goes home.</summary>
[Collection(SecureSqliteCollection.Name)]
public sealed class LocalRedirectTests(SecureSqliteApp app)
{
    public static TheoryData<string> OffSite => ["https://evil.example/x", "//evil.example", "/\\evil.example", "/\t/evil", "http:evil.example", "javascript:alert(1)"];

    [Theory]
    [MemberData(nameof(OffSite))]
    public async Task A_correct_password_with_an_off_site_return_url_signs_in_and_goes_home(string returnUrl)
    {
        var email = $"redirect-{Guid.NewGuid():N}@test.ks";
        await app.CreateUserAsync(email, "Redirect@1");
        using var client = app.CreateKestrelClient();
        var response = await FormClient.SubmitAsync(client, "/Account/Login?ReturnUrl=" + Uri.EscapeDataString(returnUrl), "login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = "Redirect@1",
            ["Input.RememberMe"] = "false",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        AssertHome(response);
    }

    [Theory]
    [MemberData(nameof(OffSite))]
    public async Task The_language_switch_never_leaves_the_site(string returnUrl)
    {
        using var client = app.CreateKestrelClient();
        var response = await client.GetAsync("/preferences/culture?culture=en&returnUrl=" + Uri.EscapeDataString(returnUrl));
        AssertHome(response);
    }

    [Fact]
    public async Task Local_return_urls_still_work()
    {
        var email = $"local-{Guid.NewGuid():N}@test.ks";
        await app.CreateUserAsync(email, "Redirect@1");
        using var client = app.CreateKestrelClient();
        var response = await FormClient.SubmitAsync(client, "/Account/Login?ReturnUrl=%2Fsettings%3Ftab%3D1", "login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = "Redirect@1",
            ["Input.RememberMe"] = "false",
        });
        Assert.Equal("/settings?tab=1", Target(response).PathAndQuery);
        var culture = await client.GetAsync("/preferences/culture?culture=en&returnUrl=%2Fcatalog");
        Assert.Equal("/catalog", Target(culture).PathAndQuery);
    }

    private void AssertHome(HttpResponseMessage response)
    {
        var target = Target(response);
        Assert.Equal(new Uri(app.RootUri).Authority, target.Authority);
        Assert.Equal("/", target.PathAndQuery);
    }

    private Uri Target(HttpResponseMessage response)
    {
        var location = response.Headers.Location ?? throw new Xunit.Sdk.XunitException($"Expected a redirect, got {(int)response.StatusCode}.");
        return location.IsAbsoluteUri ? location : new Uri(new Uri(app.RootUri), location);
    }
}
