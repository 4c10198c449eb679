using KuaishouSeller.Core.Scores;
using static KuaishouSeller.Web.Localization.Tr;

namespace KuaishouSeller.Web.Components.Pages.Scores;

public static class ScoreNames
{
    public static string Indicator(string code) => IndicatorCatalog.Info(code) is var i ? T(i.NameZh, i.NameEn) : code;
    public static string Dimension(DimensionRule d) => T(d.NameZh, d.NameEn);
    public static string Tier(TierRule t) => T($"{t.Code} · {t.NameZh}", $"{t.Code} · {t.NameEn}");
    public static string Subject(ScoreSubject s) => s switch
    {
        ScoreSubject.Shop => T("店铺体验分", "Shop experience score"),
        ScoreSubject.Product => T("商品分", "Product score"),
        _ => T("带货口碑分", "Creator reputation score"),
    };
    public static string Percent(decimal? value) => value is { } v ? (v * 100).ToString("0.##") + "%" : "–";
    public static string Percent(double value) => (value * 100).ToString("0.##") + "%";
    public static string Band(Band b) => $"[{Percent(b.From)}, {Percent(b.To)}) → {b.Points:0.#}";
    public static string Direction(Direction d) => d == Core.Scores.Direction.LowerIsBetter ? T("越低越好", "lower is better") : T("越高越好", "higher is better");
}
