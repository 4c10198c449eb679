using Microsoft.Extensions.Caching.Memory;

namespace KuaishouSeller.Core.Dashboard;

/// <summary>
/// Overviews already computed, keyed by the shop set, the period and the rollup refresh stamp. Exact, not a TTL guess:
/// the overview reads complete days only, and those change only when the rollups are refreshed, which moves the stamp.
/// Shared by every user and circuit of the node (the key carries the shops, never the user); bounded in entries.
/// </summary>
public sealed class DashboardCache : IDisposable
{
    private const int MaxEntries = 2_000;
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = MaxEntries });

    public async Task<DashboardOverview> GetOrAddAsync(IReadOnlyCollection<long> shopIds, DateOnly to, int days, DateTime refreshStamp,
        Func<Task<DashboardOverview>> compute)
    {
        var key = $"{to:yyyyMMdd}|{days}|{refreshStamp.Ticks}|{string.Join(',', shopIds.Order())}";
        if (_cache.TryGetValue(key, out DashboardOverview? known) && known is not null) return known;
        var overview = await compute();
        _cache.Set(key, overview, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromHours(6) });
        return overview;
    }

    public void Dispose() => _cache.Dispose();
}
