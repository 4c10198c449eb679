using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace KuaishouSeller.Web.Hosting;

/// <summary>The signed-in user's id for the current circuit or request.</summary>
public sealed class CurrentUser(AuthenticationStateProvider authentication)
{
    public async Task<string> GetIdAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return state.User.FindFirstValue(ClaimTypes.NameIdentifier)
               ?? throw new InvalidOperationException("No signed-in user.");
    }
}
