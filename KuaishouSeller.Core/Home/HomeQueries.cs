using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Campaigns;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Organisations;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Rollups;
using KuaishouSeller.Core.Scores;
using KuaishouSeller.Core.Workspace;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Home;

/// <summary>Which home the current workspace gets: the merchant dashboard, or the home of a creator, a reviewer or an agency.</summary>
public enum HomeKind { None, Merchant, Creator, Reviewer, Agency }

/// <summary>A creator's home: what it carried over the period, its applications and its 带货口碑分 with the trend.</summary>
public sealed record CreatorHome(long CreatorId, string Name, ReportingPeriod Period, long CarryGmvFen, int CarryOrders, long CommissionFen,
    IReadOnlyDictionary<CarryState, int> Applications, double? Score, string? Tier, DateOnly? ScoreDay, IReadOnlyList<ScoreDay> Trend);

/// <summary>One campaign's share of the reviewer's queue.</summary>
public sealed record ReviewCount(long CampaignId, string NameZh, string NameEn, int Submitted, int UnderReview);

public sealed record ReviewerHome(IReadOnlyList<ReviewCount> Campaigns)
{
    public int Submitted => Campaigns.Sum(c => c.Submitted);
    public int UnderReview => Campaigns.Sum(c => c.UnderReview);
    public int Pending => Submitted + UnderReview;
}

/// <summary>A merchant an agency acts for: the delegation's rights (never an own-only one), its shops (null: all) and its last day.</summary>
public sealed record DelegatedMerchant(long DelegationId, long MerchantId, string MerchantName, IReadOnlyList<Permission> Permissions,
    IReadOnlyList<string>? Shops, DateOnly LastDay);

public sealed record AgencyHome(long AgencyId, string AgencyName, IReadOnlyList<DelegatedMerchant> Merchants);

/// <summary>
/// The homes of the roles that have no shop of their own. Each reads only what the actor's grants allow, decided by
/// <see cref="Actor"/> and <see cref="AccessService"/> as everywhere else; a page only renders what comes back.
/// </summary>
public sealed class HomeQueries(IDbContextFactory<AppDbContext> contexts, WorkspaceService workspaces, AccessService access, TimeProvider clock)
{
    public const int CreatorDays = 30;
    public const int TrendDays = 30;

    public async Task<HomeKind> KindAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var scope = await workspaces.ResolveAsync(db, userId, ct);
        return scope.Workspace?.Kind switch
        {
            OrganisationKind.Merchant => HomeKind.Merchant,
            OrganisationKind.Creator => HomeKind.Creator,
            OrganisationKind.Platform when await AccessService.IsPlatformReviewerAsync(db, scope.Actor, ct) => HomeKind.Reviewer,
            OrganisationKind.Agency => HomeKind.Agency,
            _ => HomeKind.None,
        };
    }

    /// <summary>The creator of the current workspace; null when the workspace is not a creator the user may act for.</summary>
    public async Task<CreatorHome?> CreatorAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var scope = await workspaces.ResolveAsync(db, userId, ct);
        if (scope.Workspace is not { Kind: OrganisationKind.Creator } w || !scope.Actor.Can(Permission.CreatorCarry, w.OrganisationId, ShopTarget.AllShops))
            return null;
        var creatorId = w.OrganisationId;
        var period = ReportingPeriod.LastDays(clock, CreatorDays);
        var carry = await db.DailyPartnerSales.AsNoTracking()
            .Where(r => r.Kind == PartnerKind.Creator && r.PartnerId == creatorId && r.Day >= period.From && r.Day <= period.To)
            .GroupBy(r => 1).Select(g => new { Gmv = g.Sum(r => r.GmvFen), Orders = g.Sum(r => r.Orders), Commission = g.Sum(r => r.CommissionFen) })
            .FirstOrDefaultAsync(ct);
        var applications = await db.CarryApplications.AsNoTracking().Where(a => a.CreatorId == creatorId)
            .GroupBy(a => a.State).Select(g => new { State = g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.State, x => x.Count, ct);
        var scores = db.ScoreSnapshots.AsNoTracking().Where(s => s.Subject == ScoreSubject.Creator && s.SubjectId == creatorId);
        var latest = scope.Actor.Can(Permission.ScoresView, creatorId, ShopTarget.AllShops)
            ? await scores.OrderByDescending(s => s.Day).Select(s => new { s.Day, s.Total, s.Tier }).FirstOrDefaultAsync(ct)
            : null;
        var trend = latest is null ? [] : await scores.Where(s => s.Day > latest.Day.AddDays(-TrendDays) && s.Day <= latest.Day).OrderBy(s => s.Day)
            .Select(s => new ScoreDay(s.Day, s.Total)).ToListAsync(ct);
        return new CreatorHome(creatorId, w.OrganisationName, period, carry?.Gmv ?? 0, carry?.Orders ?? 0, carry?.Commission ?? 0, applications,
            latest?.Total, latest?.Tier, latest?.Day, trend);
    }

    /// <summary>The reviewer's pending work per campaign (submitted, and under review); null for anyone who does not review.</summary>
    public async Task<ReviewerHome?> ReviewerAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var actor = await access.ResolveAsync(db, userId, ct);
        if (!await AccessService.IsPlatformReviewerAsync(db, actor, ct)) return null;
        var counts = await db.CampaignRegistrations.AsNoTracking()
            .Where(r => r.State == RegistrationState.Submitted || r.State == RegistrationState.UnderReview)
            .GroupBy(r => new { r.CampaignId, r.State }).Select(g => new { g.Key.CampaignId, g.Key.State, Count = g.Count() }).ToListAsync(ct);
        var ids = counts.Select(c => c.CampaignId).Distinct().ToList();
        var campaigns = await db.Campaigns.AsNoTracking().Where(c => ids.Contains(c.Id)).OrderBy(c => c.Id).Select(c => new { c.Id, c.NameZh, c.NameEn }).ToListAsync(ct);
        return new ReviewerHome(campaigns.Select(c => new ReviewCount(c.Id, c.NameZh, c.NameEn,
            counts.Where(x => x.CampaignId == c.Id && x.State == RegistrationState.Submitted).Sum(x => x.Count),
            counts.Where(x => x.CampaignId == c.Id && x.State == RegistrationState.UnderReview).Sum(x => x.Count))).ToList());
    }

    /// <summary>
    /// The merchants the user acts for through their agency's delegations, as the actor's grants hold them (a revoked or
    /// expired delegation is no grant, so it is not listed); null when the workspace is not an agency.
    /// </summary>
    public async Task<AgencyHome?> AgencyAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var scope = await workspaces.ResolveAsync(db, userId, ct);
        if (scope.Workspace is not { Kind: OrganisationKind.Agency } w) return null;
        var delegated = scope.Actor.Grants.Where(g => g.DelegationId is not null && g.AgencyId == w.OrganisationId).ToList();
        var delegationIds = delegated.Select(g => g.DelegationId!.Value).ToList();
        var ends = await db.Delegations.AsNoTracking().Where(d => delegationIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.EndsAt, ct);
        var shopIds = delegated.Where(g => g.ShopIds is not null).SelectMany(g => g.ShopIds!).Distinct().ToList();
        var shopNames = await db.Shops.AsNoTracking().Where(s => shopIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        return new AgencyHome(w.OrganisationId, w.OrganisationName, delegated
            .OrderBy(g => g.OrganisationName)
            .Select(g => new DelegatedMerchant(g.DelegationId!.Value, g.OrganisationId, g.OrganisationName,
                g.Permissions.Where(g.Allows).Order().ToList(),
                g.ShopIds?.Select(id => shopNames.GetValueOrDefault(id, "")).Order().ToList(),
                DelegationService.LastDayOf(ends[g.DelegationId.Value])))
            .ToList());
    }
}
