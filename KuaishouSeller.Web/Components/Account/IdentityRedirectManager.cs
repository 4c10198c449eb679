using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using KuaishouSeller.Core.Identity;

namespace KuaishouSeller.Web.Components.Account;

internal sealed class IdentityRedirectManager(NavigationManager navigationManager)
{
    public const string StatusCookieName = "Identity.StatusMessage";

    private static readonly CookieBuilder StatusCookieBuilder = new()
    {
        SameSite = SameSiteMode.Strict,
        HttpOnly = true,
        IsEssential = true,
        MaxAge = TimeSpan.FromSeconds(5),
    };

    public void RedirectTo(string? uri)
    {
        uri ??= "";

        // Prevent open redirects: an absolute address of this app becomes its path; a bare relative one ("Account/Login",
        // as the Identity pages write them) is under the base; everything else must pass the local-URL rule or goes home.
        if (uri.StartsWith(navigationManager.BaseUri, StringComparison.OrdinalIgnoreCase))
            uri = "/" + navigationManager.ToBaseRelativePath(uri);
        else if (uri.Length > 0 && uri[0] is not ('/' or '~' or '\\') && !uri.Contains(':') && Uri.IsWellFormedUriString(uri, UriKind.Relative))
            uri = "/" + uri;

        navigationManager.NavigateTo(KuaishouSeller.Web.Hosting.LocalUrls.OrHome(uri));
    }

    public void RedirectTo(string uri, Dictionary<string, object?> queryParameters)
    {
        var uriWithoutQuery = navigationManager.ToAbsoluteUri(uri).GetLeftPart(UriPartial.Path);
        var newUri = navigationManager.GetUriWithQueryParameters(uriWithoutQuery, queryParameters);
        RedirectTo(newUri);
    }

    public void RedirectToWithStatus(string uri, string message, HttpContext context)
    {
        context.Response.Cookies.Append(StatusCookieName, message, StatusCookieBuilder.Build(context));
        RedirectTo(uri);
    }

    private string CurrentPath => navigationManager.ToAbsoluteUri(navigationManager.Uri).GetLeftPart(UriPartial.Path);

    public void RedirectToCurrentPage() => RedirectTo(CurrentPath);

    public void RedirectToCurrentPageWithStatus(string message, HttpContext context)
        => RedirectToWithStatus(CurrentPath, message, context);

    public void RedirectToInvalidUser(UserManager<AppUser> userManager, HttpContext context)
        => RedirectToWithStatus("Account/InvalidUser", $"Error: Unable to load user with ID '{userManager.GetUserId(context.User)}'.", context);
}
