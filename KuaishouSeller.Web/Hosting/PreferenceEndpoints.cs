using KuaishouSeller.Web.Localization;
using Microsoft.AspNetCore.Localization;

namespace KuaishouSeller.Web.Hosting;

public static class PreferenceEndpoints
{
    public const string ThemeCookie = "ks-theme";

    /// <summary>GET /preferences/culture?culture=en&amp;returnUrl=/ — sets the language cookie and goes back.</summary>
    public static void MapPreferenceEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/preferences/culture", (HttpContext context, string? culture, string? returnUrl) =>
        {
            var chosen = CultureSetup.Normalize(culture);
            context.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = false });
            return Results.LocalRedirect(SafeLocal(returnUrl));
        });
    }

    /// <summary>Only same-site relative paths, so the endpoint cannot be used as an open redirect.</summary>
    public static string SafeLocal(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//") && !returnUrl.StartsWith("/\\")
            ? returnUrl
            : "/";
}
