using System.Text.Json;
using System.Text.Json.Serialization;

namespace KuaishouSeller.Core.Scores;

/// <summary>Raw value range [From, To) that earns Points (the last band includes its To).</summary>
public sealed record Band(decimal From, decimal To, decimal Points);

/// <summary>
/// One indicator: what counts (its code names a formula in <see cref="IndicatorCatalog"/>), its weight in the total
/// (percent), its direction and the mapping from raw value to points. Below MinSample the indicator earns
/// FallbackPoints and is shown as "sample too small" (documented fallback, never a silent zero).
/// </summary>
public sealed record IndicatorRule(string Code, decimal Weight, Direction Direction, IReadOnlyList<Band> Bands, int MinSample, decimal FallbackPoints);

public sealed record DimensionRule(string Code, string NameZh, string NameEn, IReadOnlyList<IndicatorRule> Indicators);

/// <summary>A tier and what it brings: traffic weight, subsidy eligibility, campaign entry and commission-free product cards.</summary>
public sealed record TierRule(string Code, string NameZh, string NameEn, decimal MinScore, decimal TrafficWeight, bool SubsidyEligible,
    bool CampaignEligible, bool CommissionFreeCards);

/// <summary>The rulebook of one subject: versioned data, stored as JSON, validated before it is published.</summary>
public sealed record RulebookDefinition(ScoreSubject Subject, int WindowDays, IReadOnlyList<DimensionRule> Dimensions, IReadOnlyList<TierRule> Tiers)
{
    public IEnumerable<IndicatorRule> Indicators => Dimensions.SelectMany(d => d.Indicators);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Parses a rulebook; malformed JSON is a clear refusal, not an exception page.</summary>
    public static RulebookDefinition Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<RulebookDefinition>(json, Json)
                   ?? throw new Common.DomainException(new("规则为空。", "The rulebook is empty."));
        }
        catch (JsonException e)
        {
            throw new Common.DomainException(new($"规则不是有效的 JSON：{e.Message}", $"The rulebook is not valid JSON: {e.Message}"));
        }
    }
}
