using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Auditing;
using KuaishouSeller.Core.Organisations;
using KuaishouSeller.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Workspace;

/// <summary>Where the user is working: one organisation, and one shop of it or (ShopId null) all its shops in scope.</summary>
public sealed record CurrentWorkspace(long OrganisationId, string OrganisationName, OrganisationKind Kind, long? ShopId, string? ShopName,
    long? DelegationId, string? AgencyName);

/// <summary>An entry of the switcher.</summary>
public sealed record WorkspaceOption(long OrganisationId, string OrganisationName, OrganisationKind Kind, long? ShopId, string? ShopName,
    long? DelegationId, string? AgencyName, bool IsFavourite, DateTime? LastUsedAt)
{
    public bool Matches(long organisationId, long? shopId) => OrganisationId == organisationId && ShopId == shopId;
}

/// <summary>The workspace an action runs in, with the actor it was resolved for.</summary>
public sealed record Scope(Actor Actor, CurrentWorkspace? Workspace)
{
    /// <summary>
    /// The merchant of the current workspace when the actor holds the permission there on any shop: the master
    /// catalog and the stock pool belong to the merchant, not to one shop.
    /// </summary>
    public long? MerchantWith(Permission permission) =>
        Workspace is { Kind: OrganisationKind.Merchant } w && Actor.GrantsIn(w.OrganisationId).Any(g => g.Permissions.Contains(permission))
            ? w.OrganisationId : null;

    /// <summary>
    /// The shops of the current workspace on which the permission applies: the chosen shop, or every
    /// shop of the organisation the grants cover. Empty when there is no workspace or no such right.
    /// </summary>
    public async Task<List<long>> ShopIdsAsync(AppDbContext db, Permission permission, CancellationToken ct = default)
    {
        if (Workspace is null) return [];
        var allowed = Actor.ShopsWith(permission, Workspace.OrganisationId);
        if (allowed is { Count: 0 }) return [];
        if (Workspace.ShopId is { } shopId)
            return allowed is null || allowed.Contains(shopId) ? [shopId] : [];
        var shops = db.Shops.Where(s => s.MerchantId == Workspace.OrganisationId);
        if (allowed is not null) shops = shops.Where(s => allowed.Contains(s.Id));
        return await shops.Select(s => s.Id).ToListAsync(ct);
    }
}

/// <summary>
/// The workspace switcher: the organisations and shops a user may act in (own memberships and delegations),
/// recent and favourite entries, and the current choice, kept per user so it survives reloads and devices.
/// </summary>
public sealed class WorkspaceService(IDbContextFactory<AppDbContext> contexts, AccessService access, AuditTrail audit, TimeProvider clock)
{
    public const int RecentCount = 5;

    public async Task<IReadOnlyList<WorkspaceOption>> ListAsync(string userId, string? search = null, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var actor = await access.ResolveAsync(db, userId, ct);
        return await OptionsAsync(db, actor, search, ct);
    }

    /// <summary>The actor and their current workspace: the last one chosen while still allowed, else the first allowed.</summary>
    public async Task<Scope> ResolveAsync(AppDbContext db, string userId, CancellationToken ct = default)
    {
        var actor = await access.ResolveAsync(db, userId, ct);
        var options = await OptionsAsync(db, actor, null, ct);
        var chosen = options.Where(o => o.LastUsedAt is not null).MaxBy(o => o.LastUsedAt) ?? options.FirstOrDefault();
        return new Scope(actor, chosen is null ? null
            : new CurrentWorkspace(chosen.OrganisationId, chosen.OrganisationName, chosen.Kind, chosen.ShopId, chosen.ShopName, chosen.DelegationId, chosen.AgencyName));
    }

    public async Task<Scope> ResolveAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await ResolveAsync(db, userId, ct);
    }

    /// <summary>Switches to an organisation (and optionally one of its shops). Refused and audited when not allowed.</summary>
    public async Task<CurrentWorkspace> SwitchAsync(string userId, long organisationId, long? shopId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var actor = await access.ResolveAsync(db, userId, ct);
        var options = await OptionsAsync(db, actor, null, ct);
        var target = options.FirstOrDefault(o => o.Matches(organisationId, shopId));
        if (target is null)
            throw await access.DenyAsync(actor, organisationId, shopId, "workspace", $"workspace.switch org={organisationId} shop={shopId}",
                AccessDeniedException.NotInOrganisation(), ct);

        var now = clock.GetUtcNow().UtcDateTime;
        var visit = await db.Set<WorkspaceVisit>().AsTracking()
            .FirstOrDefaultAsync(v => v.UserId == userId && v.OrganisationId == organisationId && v.ShopId == shopId, ct);
        if (visit is null)
            db.Add(visit = new WorkspaceVisit { UserId = userId, OrganisationId = organisationId, ShopId = shopId });
        visit.LastUsedAt = now;
        audit.Add(db, new AuditEntry
        {
            ActorUserId = userId, ActorName = actor.DisplayName, OrganisationId = organisationId, ShopId = shopId,
            DelegationId = target.DelegationId, Action = AuditTrail.Actions.WorkspaceSwitched, EntityType = "Workspace",
            EntityId = shopId is null ? $"{organisationId}" : $"{organisationId}/{shopId}",
        });
        await db.SaveChangesAsync(ct);
        return new CurrentWorkspace(target.OrganisationId, target.OrganisationName, target.Kind, target.ShopId, target.ShopName, target.DelegationId, target.AgencyName);
    }

    public async Task SetFavouriteAsync(string userId, long organisationId, long? shopId, bool favourite, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var actor = await access.ResolveAsync(db, userId, ct);
        if (!(await OptionsAsync(db, actor, null, ct)).Any(o => o.Matches(organisationId, shopId)))
            throw await access.DenyAsync(actor, organisationId, shopId, "workspace", $"workspace.favourite org={organisationId} shop={shopId}",
                AccessDeniedException.NotInOrganisation(), ct);
        var visit = await db.Set<WorkspaceVisit>().AsTracking()
            .FirstOrDefaultAsync(v => v.UserId == userId && v.OrganisationId == organisationId && v.ShopId == shopId, ct);
        if (visit is null)
            db.Add(visit = new WorkspaceVisit { UserId = userId, OrganisationId = organisationId, ShopId = shopId });
        visit.IsFavourite = favourite;
        await db.SaveChangesAsync(ct);
    }

    private static async Task<List<WorkspaceOption>> OptionsAsync(AppDbContext db, Actor actor, string? search, CancellationToken ct)
    {
        var visits = (await db.Set<WorkspaceVisit>().Where(v => v.UserId == actor.UserId).ToListAsync(ct))
            .ToDictionary(v => (v.OrganisationId, v.ShopId));
        var merchantIds = actor.Grants.Where(g => g.Kind == OrganisationKind.Merchant).Select(g => g.OrganisationId).Distinct().ToList();
        var shops = await db.Shops.Where(s => merchantIds.Contains(s.MerchantId)).OrderBy(s => s.Name)
            .Select(s => new { s.Id, s.Name, s.MerchantId }).ToListAsync(ct);

        var options = new List<WorkspaceOption>();
        foreach (var organisation in actor.Grants.GroupBy(g => g.OrganisationId))
        {
            var first = organisation.OrderBy(g => g.DelegationId.HasValue).First();
            var delegation = organisation.All(g => g.DelegationId.HasValue) ? first : null;
            WorkspaceOption Option(long? shopId, string? shopName)
            {
                visits.TryGetValue((first.OrganisationId, shopId), out var visit);
                return new WorkspaceOption(first.OrganisationId, first.OrganisationName, first.Kind, shopId, shopName,
                    delegation?.DelegationId, delegation?.AgencyName, visit?.IsFavourite ?? false,
                    visit?.LastUsedAt);
            }

            options.Add(Option(null, null)); // the organisation as a whole ("all shops" for a merchant)
            if (first.Kind != OrganisationKind.Merchant) continue;
            foreach (var shop in shops.Where(s => s.MerchantId == first.OrganisationId && organisation.Any(g => g.Covers(s.Id))))
                options.Add(Option(shop.Id, shop.Name));
        }

        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim();
            options = options.Where(o => o.OrganisationName.Contains(term, StringComparison.OrdinalIgnoreCase)
                                         || (o.ShopName?.Contains(term, StringComparison.OrdinalIgnoreCase) ?? false)).ToList();
        }
        return options.OrderBy(o => o.Kind).ThenBy(o => o.OrganisationName, StringComparer.Ordinal).ThenBy(o => o.ShopId.HasValue).ThenBy(o => o.ShopName, StringComparer.Ordinal).ToList();
    }
}
