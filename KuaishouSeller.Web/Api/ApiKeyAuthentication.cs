using System.Security.Claims;
using System.Text.Encodings.Web;
using KuaishouSeller.Core.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace KuaishouSeller.Web.Api;

/// <summary>
/// The open API's own authentication scheme: <c>Authorization: Bearer &lt;key&gt;</c>, checked against the stored hash.
/// Only /api/v1 asks for it (the pages keep the cookie, and the API never reads the cookie); a missing or bad key is
/// answered 401 with problem details.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyService keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string KeyIdClaim = "ks:api-key";
    public const string OrganisationClaim = "ks:api-key-organisation";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var key = await keys.AuthenticateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (key is null) return AuthenticateResult.Fail("The API key is unknown, expired or revoked.");
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, key.Principal),
            new Claim(ClaimTypes.Name, key.Name),
            new Claim(KeyIdClaim, key.KeyId.ToString()),
            new Claim(OrganisationClaim, key.OrganisationId.ToString()),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        await ApiProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, ApiProblems.Unauthorized);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.WriteAsync(Context, StatusCodes.Status403Forbidden, new("该 API 密钥无权执行此操作。", "This API key may not do that."));
}

/// <summary>The calling key as endpoints see it: the principal Core resolves (its creator within its rights) and its organisation.</summary>
public sealed record ApiCaller(string Principal, long KeyId, long OrganisationId)
{
    public static ApiCaller From(HttpContext context)
    {
        var user = context.User;
        return new ApiCaller(user.FindFirstValue(ClaimTypes.NameIdentifier)!, long.Parse(user.FindFirstValue(ApiKeyAuthenticationHandler.KeyIdClaim)!),
            long.Parse(user.FindFirstValue(ApiKeyAuthenticationHandler.OrganisationClaim)!));
    }
}
