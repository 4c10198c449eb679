using Microsoft.AspNetCore.Http.HttpResults;

namespace KuaishouSeller.Web.Hosting;

/// <summary>
/// Where the app may send a browser back to: only paths on this site, with ASP.NET Core's own local-URL rule
/// (<c>/x</c> and <c>~/x</c>; never <c>//host</c>, <c>/\host</c>, a scheme, or a control character such as the tab in
/// <c>/\t/evil</c>, which browsers drop and so read as <c>//evil</c>). Anything else goes home.
/// </summary>
public static class LocalUrls
{
    public static string OrHome(string? url)
    {
        if (string.IsNullOrEmpty(url) || !RedirectHttpResult.IsLocalUrl(url)) return "/";
        return url.StartsWith("~/", StringComparison.Ordinal) ? url[1..] : url;
    }
}
