using System.Globalization;

namespace KuaishouSeller.Core.Common;

/// <summary>
/// Money is CNY held as whole fen (分, 1/100 yuan) in <see cref="long"/> columns: exact, cheap to sum in
/// SQL on every provider (SQLite has no decimal type), and the unit payment systems in China settle in.
/// </summary>
public static class Money
{
    private static readonly CultureInfo Cny = CultureInfo.GetCultureInfo("zh-CN");

    public static decimal ToYuan(long fen) => fen / 100m;

    public static long FromYuan(decimal yuan) => (long)Math.Round(yuan * 100m, MidpointRounding.AwayFromZero);

    /// <summary>"¥1,234.50" — the yuan sign and grouping are the same in both UI languages.</summary>
    public static string Format(long fen) => "¥" + ToYuan(fen).ToString("#,##0.00", Cny);

    /// <summary>Compact amounts for dashboards: "¥1.23万" / "¥12.3K" style depending on language.</summary>
    public static string FormatCompact(long fen, CultureInfo culture)
    {
        var yuan = ToYuan(fen);
        if (culture.TwoLetterISOLanguageName == "zh")
        {
            if (Math.Abs(yuan) >= 100_000_000m) return "¥" + (yuan / 100_000_000m).ToString("0.##", Cny) + "亿";
            if (Math.Abs(yuan) >= 10_000m) return "¥" + (yuan / 10_000m).ToString("0.##", Cny) + "万";
            return Format(fen);
        }
        if (Math.Abs(yuan) >= 1_000_000m) return "¥" + (yuan / 1_000_000m).ToString("0.##", CultureInfo.InvariantCulture) + "M";
        if (Math.Abs(yuan) >= 1_000m) return "¥" + (yuan / 1_000m).ToString("0.##", CultureInfo.InvariantCulture) + "K";
        return Format(fen);
    }
}
