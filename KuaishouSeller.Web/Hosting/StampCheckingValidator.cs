using KuaishouSeller.Core.Identity;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace KuaishouSeller.Web.Hosting;

/// <summary>
/// Checks the security stamp on every request (see <see cref="TransportSecurity"/>) but keeps the cookie's principal once
/// the stamp matches. Identity's validator rebuilds the principal (a claims query) and re-issues the cookie on each
/// check, which with a zero interval meant one more query and a new Set-Cookie on every response. The profile, email and
/// password pages refresh the sign-in themselves, so the claims still follow what the user changes.
/// </summary>
public sealed class StampCheckingValidator(IOptions<SecurityStampValidatorOptions> options, SignInManager<AppUser> signInManager, ILoggerFactory logger)
    : SecurityStampValidator<AppUser>(options, signInManager, logger)
{
    protected override Task SecurityStampVerified(AppUser user, CookieValidatePrincipalContext context) => Task.CompletedTask;
}
