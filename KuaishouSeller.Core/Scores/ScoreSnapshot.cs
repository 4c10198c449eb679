using System.Text.Json;

namespace KuaishouSeller.Core.Scores;

/// <summary>
/// One subject's score on one Shanghai day, with the raw counts it was computed from and the rulebook version it
/// used, so any past score can be explained again exactly as it was.
/// </summary>
public class ScoreSnapshot
{
    public long Id { get; set; }
    public ScoreSubject Subject { get; set; }
    /// <summary>Shop id, listing id or creator organisation id.</summary>
    public long SubjectId { get; set; }
    /// <summary>The organisation that owns the subject (merchant, or the creator itself).</summary>
    public long OrganisationId { get; set; }
    public long? ShopId { get; set; }
    public long CategoryId { get; set; }
    public DateOnly Day { get; set; }
    public long RulebookId { get; set; }
    public double Total { get; set; }
    public string Tier { get; set; } = "";
    /// <summary>JSON of <see cref="SnapshotDetail"/>.</summary>
    public string Detail { get; set; } = "";
}

/// <summary>
/// Per indicator: numerator, denominator and (when any) the count still in assessment; and the share of category peers
/// this subject beats (0–100).
/// </summary>
public sealed record SnapshotDetail(Dictionary<string, long[]> Measures, Dictionary<string, double> Percentiles)
{
    // Source-generated: a recompute serialises one detail per scored subject (100k+ per night).
    public string ToJson() => JsonSerializer.Serialize(this, SnapshotJson.Default.SnapshotDetail);
    public static SnapshotDetail Parse(string json) => JsonSerializer.Deserialize(json, SnapshotJson.Default.SnapshotDetail) ?? new([], []);
    public IReadOnlyDictionary<string, Measure> ToMeasures() =>
        Measures.ToDictionary(m => m.Key, m => new Measure(m.Value[0], m.Value[1], m.Value.Length > 2 ? m.Value[2] : 0));

    /// <summary>The stored form of a measure: the pending count only when there is one, to keep the rows small.</summary>
    public static long[] Store(Measure m) => m.Pending > 0 ? [m.Numerator, m.Denominator, m.Pending] : [m.Numerator, m.Denominator];
}

[System.Text.Json.Serialization.JsonSerializable(typeof(SnapshotDetail))]
internal sealed partial class SnapshotJson : System.Text.Json.Serialization.JsonSerializerContext;
