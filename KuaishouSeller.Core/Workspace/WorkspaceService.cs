using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Auditing;
using KuaishouSeller.Core.Commands;
using KuaishouSeller.Core.Common;
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
        Workspace is { Kind: OrganisationKind.Merchant } w && Actor.CanInSomeShop(permission, w.OrganisationId) ? w.OrganisationId : null;

    /// <summary>
    /// The shops of the current merchant the actor may see per-shop data of (product cards, quotas, listing prices) with
    /// the permission: null for all of them, else exactly the granted ones. Empty without a merchant workspace.
    /// </summary>
    public IReadOnlySet<long>? VisibleShops(Permission permission) =>
        Workspace is { Kind: OrganisationKind.Merchant } w ? Actor.ShopsWith(permission, w.OrganisationId) : new HashSet<long>();

    /// <summary>
    /// What the actor may open in the current workspace (navigation): in one shop, the grants covering it; in "all shops",
    /// whatever any grant allows somewhere (the pages then show exactly the granted shops). Own-only rights never come
    /// through a delegation.
    /// </summary>
    public IReadOnlySet<Permission> NavigablePermissions() =>
        Workspace is { } w
            ? Actor.GrantsIn(w.OrganisationId)
                .Where(g => w.ShopId is null || g.Covers(ShopTarget.Shop(w.ShopId.Value)))
                // Staff, roles, delegations and the audit log are the whole organisation's: only a grant over all shops opens them.
                .SelectMany(g => g.Permissions.Where(p => g.Allows(p) && (!PermissionCodes.OwnOnly.Contains(p) || g.Covers(ShopTarget.AllShops))))
                .ToHashSet()
            : new HashSet<Permission>();

    /// <summary>The agency whose delegations the actor manages (own delegations.manage), if any: where the request form sends from.</summary>
    public long? AgencyManaged() =>
        Actor.Grants.FirstOrDefault(g => g.Kind == OrganisationKind.Agency && g.Allows(Permission.DelegationsManage) && g.Covers(ShopTarget.AllShops))?.OrganisationId;

    /// <summary>The permission over every shop of the current organisation: what a merchant-wide change needs (for offering the action).</summary>
    public bool CanForAllShops(Permission permission) =>
        Workspace is { } w && Actor.Can(permission, w.OrganisationId, ShopTarget.AllShops);

    /// <summary>
    /// Why a merchant-wide change is not offered here, in the words Core refuses it with (missing right, or a grant over
    /// only some shops); null when the actor may make it. Pages disable the action and show this; Core still refuses.
    /// </summary>
    public Bilingual? RefusalForAllShops(Permission permission) =>
        CanForAllShops(permission) ? null
        : Workspace is { } w ? AccessService.Refusal(Actor, permission, w.OrganisationId, ShopTarget.AllShops, null).UserMessage
        : NoWorkspace;

    /// <summary>Why campaign registration is not offered in this workspace; null when the actor may register goods or carry them.</summary>
    public Bilingual? RegistrationRefusal() => Workspace switch
    {
        { Kind: OrganisationKind.Merchant } w when Actor.CanInSomeShop(Permission.CampaignsRegister, w.OrganisationId) => null,
        { Kind: OrganisationKind.Creator } w when Actor.Can(Permission.CreatorCarry, w.OrganisationId, ShopTarget.AllShops) => null,
        { Kind: OrganisationKind.Platform } => new("平台审核账号只审核报名，不能报名。", "A platform reviewer reviews registrations and cannot register."),
        { Kind: OrganisationKind.Merchant } w => AccessDeniedException.For(Permission.CampaignsRegister, w.OrganisationName).UserMessage,
        { } w => new($"「{w.OrganisationName}」不是商家或达人，不能报名；请切换到代运营的商家。", $"{w.OrganisationName} is not a merchant or a creator and cannot register; switch to a merchant you act for."),
        null => NoWorkspace,
    };

    private static readonly Bilingual NoWorkspace = new("请先在工作台切换到一个商家。", "Switch to a merchant workspace first.");

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
        var shops = await OrganisationShopsAsync(db, ct);
        return [.. shops.Keys.Where(id => allowed is null || allowed.Contains(id)).Order()];
    }

    // The organisation's shops, read once per scope: a scope lives for one request or render pass (ScopeMemo), and the
    // to-do panel alone asks for the shops of three permissions.
    private Dictionary<long, string>? _organisationShops;

    private async Task<Dictionary<long, string>> OrganisationShopsAsync(AppDbContext db, CancellationToken ct) =>
        _organisationShops ??= await db.Shops.AsNoTracking().Where(s => s.MerchantId == Workspace!.OrganisationId)
            .ToDictionaryAsync(s => s.Id, s => s.Name, ct);
}

/// <summary>
/// The workspace switcher: the organisations and shops a user may act in (own memberships and delegations),
/// recent and favourite entries, and the current choice, kept per user so it survives reloads and devices.
/// </summary>
public sealed class WorkspaceService(IDbContextFactory<AppDbContext> contexts, AccessService access, CommandRunner commands, ScopeMemo memo)
{
    public const int RecentCount = 5;

    public async Task<IReadOnlyList<WorkspaceOption>> ListAsync(string userId, string? search = null, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var actor = await access.ResolveAsync(db, userId, ct);
        return await OptionsAsync(db, actor, search, ct);
    }

    /// <summary>The actor and their current workspace: the last one chosen while still allowed, else the first allowed.</summary>
    /// <remarks>For reads: shared within the request or render pass through <see cref="ScopeMemo"/>.</remarks>
    public async Task<Scope> ResolveAsync(AppDbContext db, string userId, CancellationToken ct = default)
    {
        if (memo.Recall(userId) is { } known) return known;
        var scope = await ResolveAsync(db, await access.ResolveAsync(db, userId, ct), ct);
        memo.Remember(userId, scope);
        return scope;
    }

    /// <summary>The workspace of an actor already resolved (inside a command).</summary>
    public async Task<Scope> ResolveAsync(AppDbContext db, Actor actor, CancellationToken ct = default)
    {
        var options = await OptionsAsync(db, actor, null, ct);
        // An API key works in its organisation as a whole (its shops), never in the shop its creator last looked at.
        var chosen = actor.ApiKeyId is not null
            ? options.FirstOrDefault(o => o.ShopId is null)
            : options.Where(o => o.LastUsedAt is not null).MaxBy(o => o.LastUsedAt) ?? options.FirstOrDefault();
        return new Scope(actor, chosen is null ? null
            : new CurrentWorkspace(chosen.OrganisationId, chosen.OrganisationName, chosen.Kind, chosen.ShopId, chosen.ShopName, chosen.DelegationId, chosen.AgencyName));
    }

    public async Task<Scope> ResolveAsync(string userId, CancellationToken ct = default)
    {
        if (memo.Recall(userId) is { } known) return known;
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await ResolveAsync(db, userId, ct);
    }

    /// <summary>Switches to an organisation (and optionally one of its shops). Refused and audited when not allowed.</summary>
    public Task<CurrentWorkspace> SwitchAsync(string userId, long organisationId, long? shopId, CancellationToken ct = default) =>
        commands.RunAsync(userId, AuditActions.WorkspaceSwitched, async c =>
        {
            var target = await AllowedAsync(c, organisationId, shopId);
            await UpsertVisitAsync(c, organisationId, shopId, v => v.LastUsedAt = c.Now);
            c.Audit(new AuditSubject("Workspace", shopId is null ? $"{organisationId}" : $"{organisationId}/{shopId}", target.ShopName ?? target.OrganisationName),
                organisationId: organisationId, shopId: shopId,
                via: c.Actor.GrantsIn(organisationId).First(g => g.DelegationId == target.DelegationId));
            return new CurrentWorkspace(target.OrganisationId, target.OrganisationName, target.Kind, target.ShopId, target.ShopName, target.DelegationId, target.AgencyName);
        }, ct);

    public Task SetFavouriteAsync(string userId, long organisationId, long? shopId, bool favourite, CancellationToken ct = default) =>
        commands.RunAsync(userId, AuditActions.WorkspaceFavourite, async c =>
        {
            await AllowedAsync(c, organisationId, shopId);
            await UpsertVisitAsync(c, organisationId, shopId, v => v.IsFavourite = favourite);
        }, ct);

    private static async Task<WorkspaceOption> AllowedAsync(CommandContext c, long organisationId, long? shopId) =>
        (await OptionsAsync(c.Db, c.Actor, null, c.Cancellation)).FirstOrDefault(o => o.Matches(organisationId, shopId))
        ?? throw await c.DenyAsync(organisationId, shopId, "workspace", AccessDeniedException.NotInOrganisation());

    /// <summary>
    /// One row per user, organisation and shop (unique indexes): update it, or insert it; when two tabs insert at once
    /// the loser's insert hits the index and it updates the winner's row instead.
    /// </summary>
    private static async Task UpsertVisitAsync(CommandContext c, long organisationId, long? shopId, Action<WorkspaceVisit> change)
    {
        var userId = c.Actor.UserId;
        for (var attempt = 0; ; attempt++)
        {
            var visit = await c.Db.Set<WorkspaceVisit>().AsTracking()
                .FirstOrDefaultAsync(v => v.UserId == userId && v.OrganisationId == organisationId && v.ShopId == shopId, c.Cancellation);
            if (visit is not null) { change(visit); return; }
            visit = new WorkspaceVisit { UserId = userId, OrganisationId = organisationId, ShopId = shopId };
            change(visit);
            c.Db.Add(visit);
            try
            {
                await c.Db.SaveChangesAsync(c.Cancellation);
                return;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                c.Db.Entry(visit).State = EntityState.Detached;
            }
        }
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
            foreach (var shop in shops.Where(s => s.MerchantId == first.OrganisationId && organisation.Any(g => g.Covers(ShopTarget.Shop(s.Id)))))
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
