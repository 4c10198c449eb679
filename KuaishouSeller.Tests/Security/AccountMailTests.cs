using System.Net;
using System.Web;
using KuaishouSeller.Core.DemoWorld;
using KuaishouSeller.Core.Identity;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace KuaishouSeller.Tests.Security;

/// <summary>
/// Sign-up, address confirmation, password reset and a staff invitation go through the real mail path (.eml files in
/// the pickup folder); whoever reads the server log learns that a mail of a kind went to a masked address, and cannot
/// follow a single one of the links.
/// </summary>
public abstract class AccountMailTests(SecureAppFactory app, Chromium chromium)
{
    [Fact]
    public async Task Account_and_invitation_links_travel_only_by_mail_and_never_reach_the_log()
    {
        var email = $"mail-{Guid.NewGuid():N}@test.ks";
        using var client = app.CreateKestrelClient();

        // Sign-up: the confirmation mail's link, clicked, confirms the address.
        var registered = await FormClient.SubmitAsync(client, "/Account/Register", "register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Mail test",
            ["Input.Email"] = email,
            ["Input.Password"] = "First@Pass1",
            ["Input.ConfirmPassword"] = "First@Pass1",
        });
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        var confirmation = app.LinkMailedTo(email, "/Account/ConfirmEmail");
        Assert.False(await IsConfirmedAsync(email));
        var confirmed = await client.GetAsync(new Uri(confirmation).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.True(await IsConfirmedAsync(email));

        // Password reset through the mailed link.
        await FormClient.SubmitAsync(client, "/Account/ForgotPassword", "forgot-password", new Dictionary<string, string> { ["Input.Email"] = email });
        var reset = app.LinkMailedTo(email, "/Account/ResetPassword");
        var done = await FormClient.SubmitAsync(client, new Uri(reset).PathAndQuery, "reset-password", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = "Second@Pass2",
            ["Input.ConfirmPassword"] = "Second@Pass2",
        });
        Assert.Equal("/Account/ResetPasswordConfirmation", done.Headers.Location?.AbsolutePath ?? done.Headers.Location?.OriginalString);
        using var fresh = app.CreateKestrelClient();
        Assert.Equal(HttpStatusCode.Redirect, (await FormClient.SignInAsync(fresh, email, "Second@Pass2")).StatusCode);

        // A staff invitation: the owner invites on the staff page; the invitee gets the link by mail.
        var invitee = $"invitee-{Guid.NewGuid():N}@test.ks";
        var owner = await chromium.NewPageAsync(app.RootUri);
        await Chromium.SignInAsync(owner, "owner@demo.ks", DemoWorldSeeder.DemoPassword);
        await owner.GotoAsync("/settings/staff");
        await owner.Locator("[data-circuit=ready]").WaitForAsync();
        await owner.Locator("input[data-testid=invite-email], [data-testid=invite-email] input").FillAsync(invitee);
        await owner.ClickAsync("[data-testid=invite-submit]");
        var shown = (await owner.Locator("[data-testid=invite-link] code").InnerTextAsync()).Trim();
        var invitation = app.LinkMailedTo(invitee, "/invite/");
        Assert.Equal(shown, invitation);
        await owner.Context.CloseAsync();

        // Nothing in the log can be followed: no link, no token, not even the query that carries one.
        var log = app.Log.All;
        foreach (var link in new[] { confirmation, reset, invitation })
        {
            var uri = new Uri(link);
            var secrets = new[] { link, uri.PathAndQuery, WebUtility.HtmlEncode(link), uri.Segments[^1] }
                .Concat(HttpUtility.ParseQueryString(uri.Query).AllKeys.Where(k => k is "code" or "userId").Select(k => HttpUtility.ParseQueryString(uri.Query)[k]!));
            foreach (var secret in secrets.Where(s => s.Length > 8))
                Assert.False(log.Contains(secret, StringComparison.Ordinal), $"The log holds {secret}");
        }
        Assert.DoesNotContain("/Account/ResetPassword?", log);
        Assert.DoesNotContain("/invite/", log);
        Assert.Contains($"Sent a AddressConfirmation mail to m***@test.ks", log);
        Assert.Contains($"Sent a PasswordReset mail to m***@test.ks", log);
        Assert.Contains($"Sent a StaffInvitation mail to i***@test.ks", log);
        Assert.DoesNotContain(email, log);
        Assert.DoesNotContain(invitee, log);
    }

    [Fact]
    public async Task The_registration_confirmation_page_shows_no_link_to_whoever_names_an_address()
    {
        using var client = app.CreateKestrelClient();
        var page = await client.GetStringAsync("/Account/RegisterConfirmation?email=owner%40demo.ks");
        Assert.DoesNotContain("ConfirmEmail", page);
        Assert.DoesNotContain("code=", page);
    }

    private async Task<bool> IsConfirmedAsync(string email)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return (await users.FindByEmailAsync(email))!.EmailConfirmed;
    }
}

[Collection(SecureSqliteCollection.Name)]
public sealed class AccountMailOnSqlite(SecureSqliteApp app, Chromium chromium) : AccountMailTests(app, chromium), IClassFixture<Chromium>;

[Collection(SecurePostgresCollection.Name)]
public sealed class AccountMailOnPostgres(SecurePostgresApp app, Chromium chromium) : AccountMailTests(app, chromium), IClassFixture<Chromium>;
