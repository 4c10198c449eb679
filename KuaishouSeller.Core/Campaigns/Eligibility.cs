using System.Text.Json;
using System.Text.Json.Serialization;
using KuaishouSeller.Core.Common;

namespace KuaishouSeller.Core.Campaigns;

public enum RuleKind
{
    RegistrationWindow = 1,
    ShopScore = 2,
    ProductScore = 3,
    CreatorScore = 4,
    /// <summary>Campaign price at or below the 30-day lowest price less <see cref="EligibilityRule.Percent"/>.</summary>
    PriceBelowLowest = 5,
    /// <summary>At least <see cref="EligibilityRule.Min"/> units committed, and no more than the pool has available.</summary>
    CommittedStock = 6,
    NoOpenViolations = 7,
    /// <summary>The product's top-level category is one of <see cref="EligibilityRule.Categories"/> (codes).</summary>
    CategoryAllowed = 8,
    /// <summary>Distribution commission between Min and Max percent.</summary>
    CommissionRange = 9,
}

/// <summary>One eligibility rule of a plan, stored as data (JSON) so a campaign can set its own thresholds.</summary>
public sealed record EligibilityRule(RuleKind Kind, decimal? Min = null, decimal? Max = null, decimal? Percent = null, string[]? Categories = null)
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() }, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>The plan's discount below the 30-day lowest price, if it has that rule.</summary>
    public static decimal? PriceDiscount(IEnumerable<EligibilityRule> rules) => rules.FirstOrDefault(r => r.Kind == RuleKind.PriceBelowLowest)?.Percent;

    public static string ToJson(IEnumerable<EligibilityRule> rules) => JsonSerializer.Serialize(rules.ToList(), Json);
    public static IReadOnlyList<EligibilityRule> Parse(string json) => JsonSerializer.Deserialize<List<EligibilityRule>>(json, Json) ?? [];
}

/// <summary>What a registration row looks like at the moment of checking; null means "not known" (e.g. no score yet).</summary>
public sealed record RegistrationFacts(
    DateOnly Today, DateOnly WindowStart, DateOnly WindowEnd,
    double? ShopScore = null, double? ProductScore = null, double? CreatorScore = null,
    long CampaignPriceFen = 0, long? LowestPrice30Fen = null,
    int CommittedStock = 0, int AvailableStock = 0,
    int OpenViolations = 0, string? TopCategoryCode = null, Bilingual? TopCategoryName = null,
    decimal? CommissionPercent = null)
{
    /// <summary>Category names by code, so the allowed categories read in the reader's language (not as codes).</summary>
    public IReadOnlyDictionary<string, Bilingual>? CategoryNames { get; init; }
}

/// <summary>One rule's outcome: what is required, what the registrant has, pass or fail.</summary>
public sealed record RuleResult(RuleKind Kind, Bilingual Name, string Actual, string Required, bool Passed)
{
    /// <summary>Actual and required when they are words (category names), one per language; numbers read the same in both.</summary>
    public Bilingual? ActualWords { get; init; }
    public Bilingual? RequiredWords { get; init; }

    public Bilingual ActualText => ActualWords ?? new(Actual, Actual);
    public Bilingual RequiredText => RequiredWords ?? new(Required, Required);

    public Bilingual Refusal => new($"{Name.Zh}（当前 {ActualText.Zh}，要求 {RequiredText.Zh}）", $"{Name.En} (now {ActualText.En}, required {RequiredText.En})");
}

/// <summary>Evaluates a plan's rules against the facts of one registration; pure, so the UI, the checks and tests agree.</summary>
public static class EligibilityEngine
{
    public static IReadOnlyList<RuleResult> Evaluate(IReadOnlyList<EligibilityRule> rules, RegistrationFacts f) =>
        rules.Select(rule => Evaluate(rule, f)).ToList();

    /// <summary>The highest campaign price the rule allows: the 30-day lowest less the discount, rounded down to the fen.</summary>
    public static long? AllowedPriceFen(decimal percent, long? lowestFen) =>
        lowestFen is { } lowest ? (long)Math.Floor(lowest * (100 - percent) / 100m) : null;

    public static Bilingual Describe(IEnumerable<RuleResult> failed)
    {
        var list = failed.ToList();
        return new("未满足：" + string.Join("；", list.Select(r => r.Refusal.Zh)), "Not met: " + string.Join("; ", list.Select(r => r.Refusal.En)));
    }

    private static RuleResult Evaluate(EligibilityRule rule, RegistrationFacts f)
    {
        switch (rule.Kind)
        {
            case RuleKind.RegistrationWindow:
                return new(rule.Kind, new("报名时间内", "Registration window open"), f.Today.ToString("yyyy-MM-dd"),
                    $"{f.WindowStart:yyyy-MM-dd} ~ {f.WindowEnd:yyyy-MM-dd}", f.Today >= f.WindowStart && f.Today <= f.WindowEnd);
            case RuleKind.ShopScore:
                return Score(rule, new("店铺体验分", "Shop experience score"), f.ShopScore);
            case RuleKind.ProductScore:
                return Score(rule, new("商品分", "Product score"), f.ProductScore);
            case RuleKind.CreatorScore:
                return Score(rule, new("达人口碑分", "Creator reputation score"), f.CreatorScore);
            case RuleKind.PriceBelowLowest:
            {
                var percent = rule.Percent ?? 0;
                var allowed = AllowedPriceFen(percent, f.LowestPrice30Fen);
                var name = new Bilingual($"活动价 ≤ 近30天最低价{(percent > 0 ? $"再降 {percent:0.#}%" : "")}",
                    $"Campaign price ≤ 30-day lowest price{(percent > 0 ? $" less {percent:0.#}%" : "")}");
                return new(rule.Kind, name, f.CampaignPriceFen > 0 ? Money.Format(f.CampaignPriceFen) : "–",
                    allowed is { } a ? $"≤ {Money.Format(a)}" : "–", allowed is { } max && f.CampaignPriceFen > 0 && f.CampaignPriceFen <= max);
            }
            case RuleKind.CommittedStock:
            {
                var min = (int)(rule.Min ?? 1);
                var passed = f.CommittedStock >= min && f.CommittedStock <= f.AvailableStock;
                return new(rule.Kind, new("承诺库存（共享库存可用）", "Committed stock (available in the pool)"), $"{f.CommittedStock:N0}",
                    $"{min:N0} ~ {f.AvailableStock:N0}", passed);
            }
            case RuleKind.NoOpenViolations:
                return new(rule.Kind, new("无未处理违规", "No open violations"), $"{f.OpenViolations}", "0", f.OpenViolations == 0);
            case RuleKind.CategoryAllowed:
            {
                var allowed = rule.Categories ?? [];
                var names = allowed.Select(c => f.CategoryNames is { } known && known.TryGetValue(c, out var n) ? n : new Bilingual(c, c)).ToList();
                var actual = f.TopCategoryName ?? new Bilingual("–", "–");
                return new(rule.Kind, new("类目在活动范围内", "Category allowed in the campaign"), actual.Zh, string.Join("、", names.Select(n => n.Zh)),
                    f.TopCategoryCode is { } code && allowed.Contains(code, StringComparer.OrdinalIgnoreCase))
                {
                    ActualWords = actual,
                    RequiredWords = new(string.Join("、", names.Select(n => n.Zh)), string.Join(", ", names.Select(n => n.En))),
                };
            }
            case RuleKind.CommissionRange:
            {
                var min = rule.Min ?? 0;
                var max = rule.Max ?? 90;
                return new(rule.Kind, new("分销佣金比例", "Distribution commission"), f.CommissionPercent is { } c ? $"{c:0.#}%" : "–",
                    $"{min:0.#}% ~ {max:0.#}%", f.CommissionPercent is { } p && p >= min && p <= max);
            }
            default:
                throw new InvalidOperationException($"Unknown rule kind {rule.Kind}.");
        }
    }

    private static RuleResult Score(EligibilityRule rule, Bilingual name, double? score) =>
        new(rule.Kind, name, score?.ToString("0.00") ?? "–", $"≥ {rule.Min ?? 0:0.##}", score is { } s && (decimal)s >= (rule.Min ?? 0));
}
