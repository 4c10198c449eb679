using System.Net;
using System.Text.Json;
using KuaishouSeller.Core.Identity;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace KuaishouSeller.Tests.Security;

/// <summary>
/// A password reset or change, or "sign out everywhere", ends every other session on its very next request; the
/// personal-data download needs the page's antiforgery token and carries no secret.
/// </summary>
public abstract class SessionTests(SecureAppFactory app)
{
    private const string Password = "Session@Pass1";

    [Fact]
    public async Task A_password_reset_signs_out_every_other_session_on_its_next_request()
    {
        var email = await NewUserAsync();
        using var laptop = await SignedInAsync(email, Password);
        using var phone = await SignedInAsync(email, Password);

        await FormClient.SubmitAsync(phone, "/Account/ForgotPassword", "forgot-password", new Dictionary<string, string> { ["Input.Email"] = email });
        var reset = app.LinkMailedTo(email, "/Account/ResetPassword");
        await FormClient.SubmitAsync(phone, new Uri(reset).PathAndQuery, "reset-password", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = "Session@Pass2",
            ["Input.ConfirmPassword"] = "Session@Pass2",
        });

        await AssertSignedOutAsync(laptop);
        await AssertSignedOutAsync(phone);
    }

    [Fact]
    public async Task A_password_change_keeps_this_session_and_ends_the_others()
    {
        var email = await NewUserAsync();
        using var laptop = await SignedInAsync(email, Password);
        using var phone = await SignedInAsync(email, Password);

        var changed = await FormClient.SubmitAsync(phone, "/Account/Manage/ChangePassword", "change-password", new Dictionary<string, string>
        {
            ["Input.OldPassword"] = Password,
            ["Input.NewPassword"] = "Session@Pass3",
            ["Input.ConfirmPassword"] = "Session@Pass3",
        });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);

        await AssertSignedOutAsync(laptop);
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/settings")).StatusCode);
    }

    [Fact]
    public async Task Sign_out_everywhere_ends_every_session_at_once()
    {
        var email = await NewUserAsync();
        using var laptop = await SignedInAsync(email, Password);
        using var phone = await SignedInAsync(email, Password);

        var page = await phone.GetStringAsync("/Account/Manage");
        Assert.Contains("data-testid=\"sign-out-everywhere\"", page);
        var done = await phone.PostAsync("/Account/Manage/SignOutEverywhere", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = PageToken.Of(page) }));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);

        await AssertSignedOutAsync(laptop);
        await AssertSignedOutAsync(phone);
        using var again = await SignedInAsync(email, Password);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/settings")).StatusCode);
    }

    [Fact]
    public async Task Sign_out_everywhere_without_the_page_token_is_refused()
    {
        var email = await NewUserAsync();
        using var laptop = await SignedInAsync(email, Password);
        var forged = await laptop.PostAsync("/Account/Manage/SignOutEverywhere", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/settings")).StatusCode);
    }

    [Fact]
    public async Task Each_request_checks_the_stamp_without_reissuing_the_sign_in_cookie()
    {
        var email = await NewUserAsync();
        using var laptop = await SignedInAsync(email, Password);
        using var phone = await SignedInAsync(email, Password);

        // The stamp matched: the page answers with the cookie the browser already holds, not a new one per response.
        var page = await laptop.GetAsync("/settings");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var issued = page.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies.Where(c => c.StartsWith(".AspNetCore.Identity.Application")).ToList() : [];
        Assert.Empty(issued);

        // It is still checked on every request: sign out everywhere ends the other session on its next click.
        var manage = await phone.GetStringAsync("/Account/Manage");
        await phone.PostAsync("/Account/Manage/SignOutEverywhere", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = PageToken.Of(manage) }));
        await AssertSignedOutAsync(laptop);
    }

    [Fact]
    public async Task Personal_data_downloads_only_with_the_page_token_and_without_the_authenticator_key()
    {
        var email = await NewUserAsync();
        string key;
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            await users.ResetAuthenticatorKeyAsync(user);
            key = (await users.GetAuthenticatorKeyAsync(user))!;
        }
        using var client = await SignedInAsync(email, Password);

        // A cross-site form post carries the cookie but not the token.
        var forged = await client.PostAsync("/Account/Manage/DownloadPersonalData", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.DoesNotContain(email, await forged.Content.ReadAsStringAsync());

        var page = await client.GetStringAsync("/Account/Manage/PersonalData");
        var download = await client.PostAsync("/Account/Manage/DownloadPersonalData", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = PageToken.Of(page) }));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var json = await download.Content.ReadAsStringAsync();
        var data = JsonDocument.Parse(json).RootElement;
        Assert.Equal(email, data.GetProperty("Email").GetString());
        Assert.DoesNotContain(key, json);
        Assert.DoesNotContain("Authenticator", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("PasswordHash", json);
        Assert.DoesNotContain("SecurityStamp", json);
    }

    private async Task<string> NewUserAsync()
    {
        var email = $"session-{Guid.NewGuid():N}@test.ks";
        await app.CreateUserAsync(email, Password);
        return email;
    }

    private async Task<HttpClient> SignedInAsync(string email, string password)
    {
        var client = app.CreateKestrelClient();
        Assert.Equal(HttpStatusCode.Redirect, (await FormClient.SignInAsync(client, email, password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/settings")).StatusCode);
        return client;
    }

    private static async Task AssertSignedOutAsync(HttpClient client)
    {
        var response = await client.GetAsync("/settings");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/Login", response.Headers.Location!.OriginalString);
    }
}

[Collection(SecureSqliteCollection.Name)]
public sealed class SessionsOnSqlite(SecureSqliteApp app) : SessionTests(app);

[Collection(SecurePostgresCollection.Name)]
public sealed class SessionsOnPostgres(SecurePostgresApp app) : SessionTests(app);

/// <summary>An open page (a Blazor circuit, which sends no cookie after it connected) loses a session ended elsewhere at its next revalidation.</summary>
[Collection(SecureSqliteCollection.Name)]
public sealed class OpenPageSessionInChromiumTests(SecureSqliteApp app, Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task An_open_page_is_signed_out_when_the_password_is_reset_elsewhere()
    {
        var email = $"circuit-{Guid.NewGuid():N}@test.ks";
        await app.CreateUserAsync(email, "Circuit@Pass1");
        var page = await chromium.NewPageAsync(app.RootUri);
        await Chromium.SignInAsync(page, email, "Circuit@Pass1");
        await page.GotoAsync("/settings");
        await page.Locator("[data-circuit=ready]").WaitForAsync();

        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            Assert.True((await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), "Circuit@Pass2")).Succeeded);
        }

        await Chromium.ExpectAddressAsync(page, "**/Account/Login**", 10_000);
        await page.Context.CloseAsync();
    }
}
