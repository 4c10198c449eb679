using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Scores;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Todo;

/// <summary>Each shop's latest score measures and the current shop rulebook, read once per request.</summary>
public sealed class ShopStakes(AppDbContext db)
{
    /// <summary>What one more late pickup costs each shop's score: the orders list's "points at stake" column and its sort.</summary>
    public static async Task<IReadOnlyDictionary<long, decimal>> PickupPerOrderAsync(AppDbContext db, IEnumerable<long> shopIds, CancellationToken ct)
    {
        var stakes = new ShopStakes(db);
        var result = new Dictionary<long, decimal>();
        foreach (var shopId in shopIds)
            result[shopId] = (await stakes.OfAsync(shopId, IndicatorCatalog.Pickup48hRate, 1, ct)).Points;
        return result;
    }

    private RulebookDefinition? _book;
    private readonly Dictionary<long, IReadOnlyDictionary<string, Measure>?> _measures = [];

    public async Task<Stake> OfAsync(long shopId, string code, int facts, CancellationToken ct)
    {
        _book ??= await CurrentRulebookAsync(ct);
        if (!_measures.TryGetValue(shopId, out var measures))
        {
            var detail = await db.ScoreSnapshots.AsNoTracking()
                .Where(s => s.Subject == ScoreSubject.Shop && s.SubjectId == shopId)
                .OrderByDescending(s => s.Day).Select(s => s.Detail).FirstOrDefaultAsync(ct);
            _measures[shopId] = measures = detail is null ? null : SnapshotDetail.Parse(detail).ToMeasures();
        }
        // A shop without a score yet still has its deadlines; its first score starts from these facts alone.
        return PointsAtStake.Of(_book, measures ?? new Dictionary<string, Measure>(), code, facts);
    }

    private async Task<RulebookDefinition> CurrentRulebookAsync(CancellationToken ct)
    {
        var json = await db.Rulebooks.AsNoTracking().Where(r => r.Subject == ScoreSubject.Shop)
            .OrderByDescending(r => r.Version).Select(r => r.Definition).FirstOrDefaultAsync(ct);
        return json is null ? RulebookDefaults.For(ScoreSubject.Shop) : RulebookDefinition.Parse(json);
    }
}
