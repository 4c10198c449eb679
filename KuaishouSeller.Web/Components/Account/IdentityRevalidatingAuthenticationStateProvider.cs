using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using KuaishouSeller.Core.Identity;

namespace KuaishouSeller.Web.Components.Account;

// This is a server-side AuthenticationStateProvider that revalidates the security stamp for the connected user
// while an interactive circuit is connected. Every 20 s: an open page of a session ended elsewhere (password change or
// reset, "sign out everywhere") loses its rights within that, for one indexed user read per circuit per interval.
internal sealed class IdentityRevalidatingAuthenticationStateProvider(
        ILoggerFactory loggerFactory,
        IServiceScopeFactory scopeFactory,
        IOptions<IdentityOptions> options,
        IConfiguration configuration)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval { get; } =
        configuration.GetValue("Identity:CircuitRevalidationInterval", TimeSpan.FromSeconds(20));

    protected override async Task<bool> ValidateAuthenticationStateAsync(
        AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        // Get the user manager from a new scope to ensure it fetches fresh data
        AsyncServiceScope scope = default;
        UserManager<AppUser> userManager;
        try
        {
            scope = scopeFactory.CreateAsyncScope();
            userManager = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        }
        catch (ObjectDisposedException)
        {
            // The app is stopping and its services are gone: the open pages end with it, not by being signed out (which
            // would re-render every page on the disposed services and log each as a failed circuit).
            return true;
        }
        await using var _ = scope;
        try
        {
            return await ValidateSecurityStampAsync(userManager, authenticationState.User);
        }
        catch (Exception e) when (KuaishouSeller.Core.Persistence.DatabaseOutage.IsOutage(e))
        {
            // A database blip is no reason to sign the user out of an open page; the next check (or page load) decides.
            return true;
        }
    }

    private async Task<bool> ValidateSecurityStampAsync(UserManager<AppUser> userManager, ClaimsPrincipal principal)
    {
        var user = await userManager.GetUserAsync(principal);
        if (user is null)
        {
            return false;
        }
        else if (!userManager.SupportsUserSecurityStamp)
        {
            return true;
        }
        else
        {
            var principalStamp = principal.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType);
            var userStamp = await userManager.GetSecurityStampAsync(user);
            return principalStamp == userStamp;
        }
    }
}
