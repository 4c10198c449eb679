using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace KuaishouSeller.Web.Localization;

/// <summary>Simplified Chinese by default, English on request; the choice lives in the culture cookie.</summary>
public static class CultureSetup
{
    public const string Chinese = "zh-CN";
    public const string English = "en";
    public static readonly string[] Supported = [Chinese, English];

    public static RequestLocalizationOptions Options()
    {
        var options = new RequestLocalizationOptions()
            .SetDefaultCulture(Chinese)
            .AddSupportedCultures(Supported)
            .AddSupportedUICultures(Supported);
        // Only the explicit choice counts: a browser's Accept-Language must not override the default.
        options.RequestCultureProviders = [new CookieRequestCultureProvider()];
        return options;
    }

    public static string Normalize(string? culture) => culture == English ? English : Chinese;
}

/// <summary>Inline bilingual text for components: <c>@T("店铺", "Shops")</c>.</summary>
public static class Tr
{
    public static string T(string zh, string en) =>
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "zh" ? zh : en;

    public static bool IsChinese => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "zh";
}
