using System.Net;
using KuaishouSeller.Core.Auditing;
using KuaishouSeller.Core.DemoWorld;
using KuaishouSeller.Core.Identity;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KuaishouSeller.Tests.Integration;

/// <summary>
/// Sign-in, lockout, two-factor and the server-rendered shell through the real pipeline, on a real
/// database seeded with the demo world at start-up. Runs once per provider.
/// </summary>
public abstract class SignInAndShellTests(AppFactory app)
{
    private static DemoLogin Owner => DemoWorldSeeder.Logins.Single(l => l.Email == "owner@demo.ks");

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_the_sign_in_page()
    {
        using var client = app.CreateBrowserLikeClient();
        var response = await client.GetAsync("/catalog");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", PathOf(response));
    }

    [Fact]
    public async Task The_sign_in_page_speaks_chinese_by_default_and_english_on_request()
    {
        using var client = app.CreateBrowserLikeClient();
        var chinese = await client.GetStringAsync("/Account/Login");
        Assert.Contains("登录商家后台", chinese);
        Assert.Contains("lang=\"zh-CN\"", chinese);

        var switched = await client.GetAsync("/preferences/culture?culture=en&returnUrl=/Account/Login");
        Assert.Equal("/Account/Login", PathOf(switched));
        var english = await client.GetStringAsync("/Account/Login");
        Assert.Contains("Sign in to the seller center", english);
        Assert.Contains("lang=\"en\"", english);
    }

    [Fact]
    public async Task The_culture_endpoint_does_not_redirect_off_site()
    {
        using var client = app.CreateBrowserLikeClient();
        var response = await client.GetAsync("/preferences/culture?culture=en&returnUrl=//evil.example/x");
        Assert.Equal("/", PathOf(response));
        Assert.DoesNotContain("evil.example", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_demo_owner_signs_in_and_sees_their_dashboard()
    {
        using var client = app.CreateBrowserLikeClient();
        var signIn = await FormClient.SignInAsync(client, Owner.Email, Owner.Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        var dashboard = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        var html = await dashboard.Content.ReadAsStringAsync();
        Assert.Contains("经营概览", html);
        Assert.Contains("店铺与账号", html);

        // Keys that protect the cookie live in the database, so another web node can read it.
        await using var db = app.Database.CreateContext();
        Assert.True(await db.DataProtectionKeys.CountAsync() > 0);
    }

    [Fact]
    public async Task A_wrong_password_says_so_without_revealing_which_part_was_wrong()
    {
        using var client = app.CreateBrowserLikeClient();
        var response = await FormClient.SignInAsync(client, "operator@demo.ks", "not-the-password");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("邮箱或密码不正确", html);
        Assert.DoesNotContain("Exception", html);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        var email = $"lock-{Guid.NewGuid():N}@test.ks";
        var user = await CreateUserAsync(email, "Right@Pass1");
        using var client = app.CreateBrowserLikeClient();
        for (var i = 0; i < 4; i++)
            Assert.Equal(HttpStatusCode.OK, (await FormClient.SignInAsync(client, email, "Wrong@Pass1")).StatusCode);

        var fifth = await FormClient.SignInAsync(client, email, "Wrong@Pass1");
        Assert.Equal("/Account/Lockout", PathOf(fifth));
        var rightPassword = await FormClient.SignInAsync(client, email, "Right@Pass1");
        Assert.Equal("/Account/Lockout", PathOf(rightPassword));
        var lockoutPage = await client.GetStringAsync("/Account/Lockout");
        Assert.Contains("15", lockoutPage);

        await using var db = app.Database.CreateContext();
        var actions = await db.AuditLog.Where(a => a.ActorUserId == user.Id).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
        Assert.Equal(
            [.. Enumerable.Repeat(AuditActions.SignInFailed, 4), AuditActions.LockedOut, AuditActions.LockedOut],
            actions);
    }

    [Fact]
    public async Task Authenticator_two_factor_asks_for_the_code_and_accepts_a_valid_one()
    {
        var email = $"totp-{Guid.NewGuid():N}@test.ks";
        var user = await CreateUserAsync(email, "Right@Pass1");
        string key;
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var stored = (await users.FindByIdAsync(user.Id))!;
            await users.ResetAuthenticatorKeyAsync(stored);
            key = (await users.GetAuthenticatorKeyAsync(stored))!;
            await users.SetTwoFactorEnabledAsync(stored, true);
        }

        using var client = app.CreateBrowserLikeClient();
        var signIn = await FormClient.SignInAsync(client, email, "Right@Pass1");
        var secondStepUrl = PathOf(signIn);
        Assert.StartsWith("/Account/LoginWith2fa", secondStepUrl);

        var wrong = await FormClient.SubmitAsync(client, secondStepUrl, "login-with-2fa",
            new Dictionary<string, string> { ["Input.TwoFactorCode"] = "000000", ["Input.RememberMachine"] = "false" });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.DoesNotContain("经营概览", await (await client.GetAsync("/")).Content.ReadAsStringAsync());

        var right = await FormClient.SubmitAsync(client, secondStepUrl, "login-with-2fa",
            new Dictionary<string, string> { ["Input.TwoFactorCode"] = Totp.Code(key, DateTimeOffset.UtcNow), ["Input.RememberMachine"] = "false" });
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        var dashboard = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
    }

    [Fact]
    public async Task A_new_merchant_registers_and_is_signed_in()
    {
        var email = $"new-{Guid.NewGuid():N}@test.ks";
        using var client = app.CreateBrowserLikeClient();
        var response = await FormClient.SubmitAsync(client, "/Account/Register", "register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "新商家",
            ["Input.Email"] = email,
            ["Input.Password"] = "Fresh@Pass1",
            ["Input.ConfirmPassword"] = "Fresh@Pass1",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        await using var db = app.Database.CreateContext();
        Assert.Equal("新商家", await db.Users.Where(u => u.Email == email).Select(u => u.DisplayName).SingleAsync());
    }

    [Fact]
    public async Task Registration_with_mismatched_passwords_changes_nothing()
    {
        var email = $"bad-{Guid.NewGuid():N}@test.ks";
        using var client = app.CreateBrowserLikeClient();
        var response = await FormClient.SubmitAsync(client, "/Account/Register", "register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "x",
            ["Input.Email"] = email,
            ["Input.Password"] = "Fresh@Pass1",
            ["Input.ConfirmPassword"] = "Other@Pass1",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("两次输入的密码不一致", await response.Content.ReadAsStringAsync());
        await using var db = app.Database.CreateContext();
        Assert.False(await db.Users.AnyAsync(u => u.Email == email));
    }

    [Fact]
    public async Task A_weak_password_is_refused_with_the_rules_in_chinese()
    {
        using var client = app.CreateBrowserLikeClient();
        var response = await FormClient.SubmitAsync(client, "/Account/Register", "register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "弱密码",
            ["Input.Email"] = $"weak-{Guid.NewGuid():N}@test.ks",
            ["Input.Password"] = "weakpass",
            ["Input.ConfirmPassword"] = "weakpass",
        });
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("密码需要至少一个数字", html);
        Assert.Contains("密码需要至少一个大写字母", html);
    }

    [Fact]
    public async Task A_forgotten_password_is_reset_through_the_emailed_link()
    {
        var email = $"reset-{Guid.NewGuid():N}@test.ks";
        await CreateUserAsync(email, "Old@Pass12");
        using var client = app.CreateBrowserLikeClient();
        await FormClient.SubmitAsync(client, "/Account/ForgotPassword", "forgot-password", new Dictionary<string, string> { ["Input.Email"] = email });
        var link = app.Services.GetRequiredService<OutboxEmailSender>().LinkFor(email);
        var resetPage = new Uri(link).PathAndQuery;

        var reset = await FormClient.SubmitAsync(client, resetPage, "reset-password", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = "New@Pass123",
            ["Input.ConfirmPassword"] = "New@Pass123",
        });
        Assert.Equal("/Account/ResetPasswordConfirmation", PathOf(reset));
        Assert.Equal(HttpStatusCode.OK, (await FormClient.SignInAsync(client, email, "Old@Pass12")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await FormClient.SignInAsync(client, email, "New@Pass123")).StatusCode);
    }

    [Theory]
    [InlineData("owner@demo.ks", "/,/shops,/catalog,/orders,/inventory,/after-sales,/service,/plan,/growth,/settlement,/scores,/campaigns,/settings,/settings/staff,/settings/delegations,/settings/audit")]
    [InlineData("operator@demo.ks", "/,/shops,/catalog,/orders,/inventory,/plan,/growth,/scores,/campaigns,/settings")]
    [InlineData("agency@demo.ks", "/,/shops,/catalog,/inventory,/plan,/growth,/scores,/campaigns,/settings")]
    [InlineData("creator@demo.ks", "/,/scores,/campaigns,/settings,/settings/staff")]
    [InlineData("reviewer@demo.ks", "/,/campaigns/review,/scores/rulebook,/campaigns,/settings")]
    public async Task The_navigation_shows_each_role_only_what_it_may_use(string email, string expected)
    {
        using var client = app.CreateBrowserLikeClient();
        await FormClient.SignInAsync(client, email, DemoWorldSeeder.DemoPassword);
        var html = await client.GetStringAsync("/settings");
        var nav = html[html.IndexOf("mud-navmenu", StringComparison.Ordinal)..];
        nav = nav[..nav.IndexOf("</nav>", StringComparison.Ordinal)];
        var links = System.Text.RegularExpressions.Regex.Matches(nav, "href=\"([^\"]+)\"").Select(m => m.Groups[1].Value);
        Assert.Equal(expected.Split(','), links);
    }

    [Fact]
    public async Task Unknown_pages_show_a_friendly_not_found_page()
    {
        using var client = app.CreateBrowserLikeClient();
        var response = await client.GetAsync("/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("页面不存在", await response.Content.ReadAsStringAsync());
    }

    /// <summary>The local path and query a redirect points to, whether the header is absolute or relative.</summary>
    private static string PathOf(HttpResponseMessage response)
    {
        var location = response.Headers.Location ?? throw new Xunit.Sdk.XunitException($"Expected a redirect, got {(int)response.StatusCode}.");
        var absolute = location.IsAbsoluteUri ? location : new Uri(new Uri("http://localhost/"), location);
        return absolute.PathAndQuery;
    }

    private async Task<AppUser> CreateUserAsync(string email, string password)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = email, Email = email, DisplayName = "Test", EmailConfirmed = true };
        var result = await users.CreateAsync(user, password);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        return user;
    }
}

[Collection(SqliteAppCollection.Name)]
public sealed class SignInAndShellOnSqlite(SqliteAppFactory app) : SignInAndShellTests(app);

[Collection(PostgresAppCollection.Name)]
public sealed class SignInAndShellOnPostgres(PostgresAppFactory app) : SignInAndShellTests(app);
