using System.Collections.Concurrent;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Scores;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Todo;

/// <summary>
/// Each shop's latest score measures and the current shop rulebook, for the points one more fact costs. The shops'
/// latest snapshots are read in one statement the first time any of them is asked for, or come already read with the
/// to-do panel's counts (<see cref="Read"/>).
/// </summary>
public sealed class ShopStakes
{
    private readonly AppDbContext _db;
    /// <summary>Every shop whose stake may be asked for (the workspace's shops); others are read one by one.</summary>
    private readonly IReadOnlyCollection<long> _shopIds;
    private readonly long? _rulebookId;
    private readonly bool _rulebookIdKnown;

    public ShopStakes(AppDbContext db, IReadOnlyCollection<long> shopIds) => (_db, _shopIds) = (db, shopIds);

    /// <summary>Stakes from a statement that already read the current rulebook's id and each shop's latest score detail.</summary>
    public static ShopStakes Read(AppDbContext db, long? rulebookId, Dictionary<long, string?> latestDetails) =>
        new(db, latestDetails.Keys, rulebookId, latestDetails);

    private ShopStakes(AppDbContext db, IReadOnlyCollection<long> shopIds, long? rulebookId, Dictionary<long, string?> latestDetails)
        : this(db, shopIds) => (_rulebookId, _rulebookIdKnown, _latestDetails) = (rulebookId, latestDetails.Count > 0, latestDetails);

    /// <summary>Shop scores, newest day first: the first of a shop's is its latest.</summary>
    public static IQueryable<ScoreSnapshot> LatestShopScores(AppDbContext db) => Shop(db).OrderByDescending(s => s.Day);

    /// <summary>The shop rulebook's versions, newest first: the first is the current one.</summary>
    public static IQueryable<long> CurrentRulebookIds(AppDbContext db) =>
        db.Rulebooks.AsNoTracking().Where(r => r.Subject == ScoreSubject.Shop).OrderByDescending(r => r.Version).Select(r => r.Id);

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
    private Dictionary<long, string?>? _latestDetails;
    private readonly Dictionary<long, IReadOnlyDictionary<string, Measure>?> _measures = [];

    public async Task<Stake> OfAsync(long shopId, string code, int facts, CancellationToken ct)
    {
        _book ??= await RulebookAsync(_rulebookIdKnown ? _rulebookId : await CurrentRulebookIds(_db).Select(id => (long?)id).FirstOrDefaultAsync(ct), ct);
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
        if (!_shopIds.Contains(shopId))
            return await LatestShopScores(_db).Where(s => s.SubjectId == shopId).Select(s => s.Detail).FirstOrDefaultAsync(ct);
        var latest = LatestShopScores(_db);
        _latestDetails ??= await _db.Shops.AsNoTracking()
            .Where(s => _shopIds.Contains(s.Id))
            .Select(s => new { s.Id, Detail = latest.Where(l => l.SubjectId == s.Id).Select(l => l.Detail).FirstOrDefault() })
            .ToDictionaryAsync(s => s.Id, s => s.Detail, ct);
        return _latestDetails.GetValueOrDefault(shopId);
    }

    private static IQueryable<ScoreSnapshot> Shop(AppDbContext db) => db.ScoreSnapshots.AsNoTracking().Where(s => s.Subject == ScoreSubject.Shop);

    private async Task<RulebookDefinition> RulebookAsync(long? id, CancellationToken ct)
    {
        if (id is null) return RulebookDefaults.For(ScoreSubject.Shop);
        if (Published.TryGetValue(id.Value, out var known)) return known;
        var json = await _db.Rulebooks.AsNoTracking().Where(r => r.Id == id).Select(r => r.Definition).SingleAsync(ct);
        return Published[id.Value] = RulebookDefinition.Parse(json);
    }
}
