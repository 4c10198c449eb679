using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Organisations;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Workspace;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Shops;

public sealed record AccountView(long Id, string Nickname, string KuaishouId, long Followers);

public sealed record ShopView(
    long Id, string Name, string MerchantName, ShopStatus Status, DateTime OpenedAt,
    int Listings, long Gmv30DaysFen, IReadOnlyList<AccountView> Accounts)
{
    /// <summary>The days <see cref="Gmv30DaysFen"/> covers: the same 30 days as the dashboard's and settlement's "近30天".</summary>
    public ReportingPeriod GmvPeriod { get; init; }
}

/// <summary>The shops and selling accounts of the current workspace that the user may see.</summary>
public sealed class ShopQueries(IDbContextFactory<AppDbContext> contexts, WorkspaceService workspaces, TimeProvider clock)
{
    public async Task<IReadOnlyList<ShopView>> ListAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var scope = await workspaces.ResolveAsync(db, userId, ct);
        var visible = await scope.ShopIdsAsync(db, Permission.ShopsView, ct);
        var period = ReportingPeriod.LastDays(clock, 30);

        var shops = await db.Shops.Where(s => visible.Contains(s.Id))
            .Join(db.Organisations, s => s.MerchantId, o => o.Id, (s, o) => new { Shop = s, MerchantName = o.Name })
            .OrderBy(x => x.MerchantName).ThenBy(x => x.Shop.Name)
            .ToListAsync(ct);
        var shopIds = shops.Select(s => s.Shop.Id).ToList();

        // Three set-based reads for all shops at once rather than one round trip per shop.
        var accounts = (await db.SellingAccounts.Where(a => a.ShopId != null && shopIds.Contains(a.ShopId.Value))
                .OrderBy(a => a.Nickname).ToListAsync(ct))
            .ToLookup(a => a.ShopId!.Value, a => new AccountView(a.Id, a.Nickname, a.KuaishouId, a.Followers));
        var listings = await db.Listings.Where(l => shopIds.Contains(l.ShopId))
            .GroupBy(l => l.ShopId).Select(g => new { ShopId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.ShopId, x => x.Count, ct);
        // GMV from the daily rollups over the reporting period: the one definition the dashboard and settlement use too.
        var gmv = await db.DailySales.Where(r => shopIds.Contains(r.ShopId) && r.Day >= period.From && r.Day <= period.To)
            .GroupBy(r => r.ShopId).Select(g => new { ShopId = g.Key, Gmv = g.Sum(r => r.GmvFen) })
            .ToDictionaryAsync(x => x.ShopId, x => x.Gmv, ct);

        return shops.Select(x => new ShopView(x.Shop.Id, x.Shop.Name, x.MerchantName, x.Shop.Status, x.Shop.OpenedAt,
            listings.GetValueOrDefault(x.Shop.Id), gmv.GetValueOrDefault(x.Shop.Id), accounts[x.Shop.Id].ToList()) { GmvPeriod = period }).ToList();
    }
}
