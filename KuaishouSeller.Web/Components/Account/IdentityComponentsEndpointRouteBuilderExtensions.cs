using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Primitives;
using KuaishouSeller.Web.Components.Account.Pages;
using KuaishouSeller.Web.Components.Account.Pages.Manage;
using KuaishouSeller.Core.Identity;

namespace Microsoft.AspNetCore.Routing;

internal static class IdentityComponentsEndpointRouteBuilderExtensions
{
    // These endpoints are required by the Identity Razor components defined in the /Components/Account/Pages directory of this project.
    public static IEndpointConventionBuilder MapAdditionalIdentityEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        var accountGroup = endpoints.MapGroup("/Account");

        accountGroup.MapPost("/Logout", async (
            ClaimsPrincipal user,
            [FromServices] SignInManager<AppUser> signInManager,
            [FromForm] string returnUrl) =>
        {
            await signInManager.SignOutAsync();
            return TypedResults.LocalRedirect(KuaishouSeller.Web.Hosting.LocalUrls.OrHome("/" + returnUrl?.TrimStart('/')));
        });

        var manageGroup = accountGroup.MapGroup("/Manage").RequireAuthorization();

        var loggerFactory = endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>();
        var downloadLogger = loggerFactory.CreateLogger("DownloadPersonalData");

        // The file holds personal data only: no authenticator key, recovery codes, password hash or security stamp.
        manageGroup.MapPost("/DownloadPersonalData", async (
            HttpContext context,
            [FromServices] UserManager<AppUser> userManager) =>
        {
            var user = await userManager.GetUserAsync(context.User);
            if (user is null) return Results.NotFound();

            var userId = await userManager.GetUserIdAsync(user);
            downloadLogger.LogInformation("User with ID '{UserId}' asked for their personal data.", userId);

            var personalData = new Dictionary<string, string>();
            var personalDataProps = typeof(AppUser).GetProperties().Where(
                prop => Attribute.IsDefined(prop, typeof(PersonalDataAttribute)));
            foreach (var p in personalDataProps)
            {
                personalData.Add(p.Name, p.GetValue(user)?.ToString() ?? "null");
            }

            var logins = await userManager.GetLoginsAsync(user);
            foreach (var l in logins)
            {
                personalData.Add($"{l.LoginProvider} external login provider key", l.ProviderKey);
            }

            var fileBytes = JsonSerializer.SerializeToUtf8Bytes(personalData);
            return TypedResults.File(fileBytes, contentType: "application/json", fileDownloadName: "PersonalData.json");
        }).AddEndpointFilter(RequirePageToken);

        // "Sign out everywhere": a new security stamp makes every cookie issued before it invalid on its next request,
        // and every open page at its circuit's next revalidation; this browser signs out too.
        manageGroup.MapPost("/SignOutEverywhere", async (
            HttpContext context,
            [FromServices] UserManager<AppUser> userManager,
            [FromServices] SignInManager<AppUser> signInManager) =>
        {
            var user = await userManager.GetUserAsync(context.User);
            if (user is not null) await userManager.UpdateSecurityStampAsync(user);
            await signInManager.SignOutAsync();
            return Results.LocalRedirect("/Account/Login");
        }).AddEndpointFilter(RequirePageToken);

        return accountGroup;
    }

    /// <summary>
    /// The account's form posts that bind no form field (so minimal APIs would not check antiforgery by themselves) need
    /// the token of the page they come from: otherwise another site could post them with the user's cookie.
    /// </summary>
    private static async ValueTask<object?> RequirePageToken(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        if (await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context))
            return await next(invocation);
        return Results.Problem(statusCode: StatusCodes.Status400BadRequest,
            detail: KuaishouSeller.Web.Localization.Tr.T("请从账户页面提交。", "Submit this from your account page."));
    }
}
