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
                new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = false, Secure = context.Request.IsHttps });
            return Results.LocalRedirect(LocalUrls.OrHome(returnUrl));
        });
    }
}
