using System.Net;
using System.Text.RegularExpressions;

namespace KuaishouSeller.Tests.Infrastructure;

/// <summary>The antiforgery token a server-rendered page hands its forms, for posts a test builds by hand.</summary>
public static partial class PageToken
{
    public static string Of(string html)
    {
        var match = Token().Match(html);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new Xunit.Sdk.XunitException("The page has no antiforgery token.");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
