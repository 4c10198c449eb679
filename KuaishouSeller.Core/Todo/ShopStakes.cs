using System.Collections.Concurrent;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Scores;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Todo;

/// <summary>
/// Each shop's latest score measures and the current shop rulebook, for the points one more fact costs. The shops'
/// latest snapshots are read in one statement the first time any of them is asked for.
/// </summary>
/// <param name="shopIds">Every shop whose stake may be asked for (the workspace's shops); others are read one by one.</param>
public sealed class ShopStakes(AppDbContext db, IReadOnlyCollection<long> shopIds)
{
    /// <summary>What one more late pickup costs each shop's score: the orders list's "points at stake" column and its sort.</summary>
    public static async Task<IReadOnlyDictionary<long, decimal>> PickupPerOrderAsync(AppDbContext db, IReadOnlyCollection<long> shopIds, CancellationToken ct)
    {
        var stakes = new ShopStakes(db, shopIds);
        var result = new Dictionary<long, decimal>();
        foreach (var shopId in shopIds)
            result[shopId] = (await stakes.OfAsync(shopId, IndicatorCatalog.Pickup48hRate, 1, ct)).Points;
        return result;
    }

    // A published rulebook version never changes (publishing adds a version), so its parsed form is kept for the process.
    private static readonly ConcurrentDictionary<long, RulebookDefinition> Published = new();

    private RulebookDefinition? _book;
    private Dictionary<long, string>? _latestDetails;
    private readonly Dictionary<long, IReadOnlyDictionary<string, Measure>?> _measures = [];

    public async Task<Stake> OfAsync(long shopId, string code, int facts, CancellationToken ct)
    {
        _book ??= await CurrentRulebookAsync(ct);
        if (!_measures.TryGetValue(shopId, out var measures))
        {
            var detail = await LatestDetailAsync(shopId, ct);
            _measures[shopId] = measures = detail is null ? null : SnapshotDetail.Parse(detail).ToMeasures();
        }
        // A shop without a score yet still has its deadlines; its first score starts from these facts alone.
        return PointsAtStake.Of(_book, measures ?? new Dictionary<string, Measure>(), code, facts);
    }

    private async Task<string?> LatestDetailAsync(long shopId, CancellationToken ct)
    {
        var shops = Shop(db);
        if (!shopIds.Contains(shopId))
            return await shops.Where(s => s.SubjectId == shopId).OrderByDescending(s => s.Day).Select(s => s.Detail).FirstOrDefaultAsync(ct);
        _latestDetails ??= await shops
            .Where(s => shopIds.Contains(s.SubjectId) && s.Day == shops.Where(l => l.SubjectId == s.SubjectId).Max(l => l.Day))
            .ToDictionaryAsync(s => s.SubjectId, s => s.Detail, ct);
        return _latestDetails.GetValueOrDefault(shopId);
    }

    private static IQueryable<ScoreSnapshot> Shop(AppDbContext db) => db.ScoreSnapshots.AsNoTracking().Where(s => s.Subject == ScoreSubject.Shop);

    private async Task<RulebookDefinition> CurrentRulebookAsync(CancellationToken ct)
    {
        var current = db.Rulebooks.AsNoTracking().Where(r => r.Subject == ScoreSubject.Shop).OrderByDescending(r => r.Version);
        var id = await current.Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);
        if (id is null) return RulebookDefaults.For(ScoreSubject.Shop);
        if (Published.TryGetValue(id.Value, out var known)) return known;
        var json = await db.Rulebooks.AsNoTracking().Where(r => r.Id == id).Select(r => r.Definition).SingleAsync(ct);
        return Published[id.Value] = RulebookDefinition.Parse(json);
    }
}
