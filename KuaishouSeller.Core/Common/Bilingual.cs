using System.Globalization;

namespace KuaishouSeller.Core.Common;

/// <summary>
/// A user-facing text in the two languages the product speaks. Core rules return these so that a
/// refusal reads the same in the browser, in the log and in tests, whatever the caller's culture.
/// </summary>
public readonly record struct Bilingual(string Zh, string En)
{
    public string For(CultureInfo culture) =>
        culture.TwoLetterISOLanguageName == "zh" ? Zh : En;

    /// <summary>The text in the current UI culture (Chinese unless English was chosen).</summary>
    public override string ToString() => For(CultureInfo.CurrentUICulture);
}

