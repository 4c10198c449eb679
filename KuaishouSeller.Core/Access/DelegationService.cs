using System.Text.Json;
using KuaishouSeller.Core.Auditing;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Organisations;
using KuaishouSeller.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Access;

public sealed record DelegationScope(IReadOnlyCollection<Permission> Permissions, bool AllShops, IReadOnlyCollection<long> ShopIds, DateOnly LastDay);

public sealed record DelegationView(long Id, long MerchantId, string MerchantName, long AgencyId, string AgencyName, DelegationStatus Status,
    IReadOnlySet<Permission> Permissions, bool AllShops, IReadOnlyList<(long Id, string Name)> Shops, DateOnly LastDay, bool IsExpired,
    IReadOnlyList<(string UserId, string Name)> Staff, string? Note);

/// <summary>
/// Collaborator access for agencies (服务商授权): the agency asks for a scope, the merchant accepts it (possibly
/// narrowed) or rejects it, the agency admin assigns staff, the merchant revokes whenever it wants.
/// Every step is checked against the acting user's rights, validated, and audited.
/// </summary>
public sealed class DelegationService(IDbContextFactory<AppDbContext> contexts, AccessService access, AuditTrail audit, TimeProvider clock)
{
    /// <summary>Rights a delegation may never carry: an agency cannot manage the merchant's people or other agencies.</summary>
    public static readonly IReadOnlySet<Permission> NeverDelegated = new HashSet<Permission>
        { Permission.StaffManage, Permission.RolesManage, Permission.DelegationsManage };

    public async Task<long> RequestAsync(string userId, long agencyId, long merchantId, DelegationScope scope, string? note, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var actor = await access.ResolveAsync(db, userId, ct);
        await access.RequireAsync(actor, Permission.DelegationsManage, agencyId, null, "delegation.request", ct);
        var agency = await db.Organisations.SingleAsync(o => o.Id == agencyId, ct);
        if (agency.Kind != OrganisationKind.Agency)
            throw new DomainException(new("只有服务商可以申请代运营授权。", "Only an agency can ask for delegated access."));
        var merchant = await db.Organisations.FirstOrDefaultAsync(o => o.Id == merchantId && o.Kind == OrganisationKind.Merchant, ct)
            ?? throw new DomainException(new("找不到该商家。", "That merchant does not exist."));
        await ValidateAsync(db, merchantId, scope, ct);
        if (await db.Delegations.AnyAsync(d => d.MerchantId == merchantId && d.AgencyId == agencyId && d.Status == DelegationStatus.Requested, ct))
            throw new DomainException(new("已有一条待商家处理的申请，请勿重复提交。", "A request to this merchant is already waiting for an answer."));

        await using var transaction = await db.Database.BeginTransactionAsync(ct); // the request and its audit land together
        var delegation = new Delegation
        {
            MerchantId = merchant.Id, AgencyId = agencyId, Status = DelegationStatus.Requested,
            Permissions = PermissionCodes.FormatList(scope.Permissions), AllShops = scope.AllShops, EndsAt = EndOf(scope.LastDay),
            RequestedByUserId = userId, RequestedAt = Now, Note = note?.Trim(),
        };
        db.Delegations.Add(delegation);
        await db.SaveChangesAsync(ct);
        AddShops(db, delegation.Id, scope);
        Audit(db, actor, agencyId, delegation, "delegation.requested", null, Describe(delegation, scope));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return delegation.Id;
    }

    /// <summary>The merchant accepts, with the requested scope or a narrower one.</summary>
    public async Task AcceptAsync(string userId, long delegationId, DelegationScope granted, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var (actor, delegation) = await LoadForMerchantAsync(db, userId, delegationId, "delegation.accept", ct);
        if (delegation.Status != DelegationStatus.Requested)
            throw new DomainException(new("该申请已处理，不能再次接受。", "This request has already been answered."));
        await ValidateAsync(db, delegation.MerchantId, granted, ct);
        var requested = PermissionCodes.ParseList(delegation.Permissions);
        var requestedShops = await db.DelegationShops.Where(s => s.DelegationId == delegationId).Select(s => s.ShopId).ToListAsync(ct);
        if (!granted.Permissions.All(requested.Contains)
            || (!delegation.AllShops && (granted.AllShops || !granted.ShopIds.All(requestedShops.Contains)))
            || EndOf(granted.LastDay) > delegation.EndsAt)
            throw new DomainException(new("只能在服务商申请的范围内授权（权限、店铺和期限只能缩小）。",
                "You can only grant what the agency asked for or less (permissions, shops and end date can only narrow)."));

        var before = Describe(delegation, requestedShops);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        delegation.Status = DelegationStatus.Active;
        delegation.Permissions = PermissionCodes.FormatList(granted.Permissions);
        delegation.AllShops = granted.AllShops;
        delegation.EndsAt = EndOf(granted.LastDay);
        delegation.DecidedByUserId = userId;
        delegation.DecidedAt = Now;
        await db.DelegationShops.Where(s => s.DelegationId == delegationId).ExecuteDeleteAsync(ct);
        AddShops(db, delegationId, granted);
        Audit(db, actor, delegation.MerchantId, delegation, "delegation.accepted", before, Describe(delegation, granted));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    public async Task RejectAsync(string userId, long delegationId, string? reason, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var (actor, delegation) = await LoadForMerchantAsync(db, userId, delegationId, "delegation.reject", ct);
        if (delegation.Status != DelegationStatus.Requested)
            throw new DomainException(new("该申请已处理。", "This request has already been answered."));
        delegation.Status = DelegationStatus.Rejected;
        delegation.DecidedByUserId = userId;
        delegation.DecidedAt = Now;
        delegation.Note = reason?.Trim();
        Audit(db, actor, delegation.MerchantId, delegation, "delegation.rejected", "Requested", reason);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Takes effect on the agency's very next action: access is resolved per action.</summary>
    public async Task RevokeAsync(string userId, long delegationId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var (actor, delegation) = await LoadForMerchantAsync(db, userId, delegationId, "delegation.revoke", ct);
        if (delegation.Status != DelegationStatus.Active)
            throw new DomainException(new("只有生效中的授权可以撤销。", "Only an active delegation can be revoked."));
        delegation.Status = DelegationStatus.Revoked;
        delegation.DecidedByUserId = userId;
        delegation.DecidedAt = Now;
        Audit(db, actor, delegation.MerchantId, delegation, "delegation.revoked", "Active", "Revoked");
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The agency admin chooses which of the agency's members work under the delegation.</summary>
    public async Task AssignStaffAsync(string userId, long delegationId, IReadOnlyCollection<string> staffUserIds, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var actor = await access.ResolveAsync(db, userId, ct);
        var delegation = await db.Delegations.AsTracking().FirstOrDefaultAsync(d => d.Id == delegationId, ct)
            ?? throw NotFound();
        await access.RequireAsync(actor, Permission.DelegationsManage, delegation.AgencyId, null, $"delegation.assign {delegationId}", ct);
        var members = await db.Memberships.Where(m => m.OrganisationId == delegation.AgencyId).Select(m => m.UserId).ToListAsync(ct);
        var outsiders = staffUserIds.Except(members).ToList();
        if (outsiders.Count > 0)
            throw new DomainException(new("只能指派本服务商的员工。", "Only members of the agency can be assigned."));

        var before = await db.DelegationAssignments.Where(a => a.DelegationId == delegationId).Select(a => a.UserId).ToListAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.DelegationAssignments.Where(a => a.DelegationId == delegationId).ExecuteDeleteAsync(ct);
        foreach (var staff in staffUserIds.Distinct())
            db.DelegationAssignments.Add(new DelegationAssignment { DelegationId = delegationId, UserId = staff, AssignedAt = Now });
        Audit(db, actor, delegation.AgencyId, delegation, "delegation.staff-assigned", string.Join(",", before.Order()), string.Join(",", staffUserIds.Order()));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>Delegations the user may see: as the merchant (with DelegationsManage) or as the agency.</summary>
    public async Task<IReadOnlyList<DelegationView>> ListAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var actor = await access.ResolveAsync(db, userId, ct);
        var visibleOrgs = actor.Grants.Where(g => g.DelegationId is null && g.Permissions.Contains(Permission.DelegationsManage))
            .Select(g => g.OrganisationId).ToList();
        var rows = await (
            from d in db.Delegations
            where visibleOrgs.Contains(d.MerchantId) || visibleOrgs.Contains(d.AgencyId)
            join m in db.Organisations on d.MerchantId equals m.Id
            join a in db.Organisations on d.AgencyId equals a.Id
            orderby d.RequestedAt descending
            select new { d, MerchantName = m.Name, AgencyName = a.Name }).ToListAsync(ct);
        var ids = rows.Select(r => r.d.Id).ToList();
        var shops = (await db.DelegationShops.Where(s => ids.Contains(s.DelegationId))
            .Join(db.Shops, s => s.ShopId, shop => shop.Id, (s, shop) => new { s.DelegationId, shop.Id, shop.Name }).ToListAsync(ct))
            .ToLookup(s => s.DelegationId, s => (s.Id, s.Name));
        var staff = (await db.DelegationAssignments.Where(a => ids.Contains(a.DelegationId))
            .Join(db.Users, a => a.UserId, u => u.Id, (a, u) => new { a.DelegationId, u.Id, u.DisplayName }).ToListAsync(ct))
            .ToLookup(s => s.DelegationId, s => (s.Id, s.DisplayName));
        return rows.Select(r => new DelegationView(r.d.Id, r.d.MerchantId, r.MerchantName, r.d.AgencyId, r.AgencyName, r.d.Status,
            PermissionCodes.ParseList(r.d.Permissions), r.d.AllShops, shops[r.d.Id].ToList(), LastDayOf(r.d.EndsAt),
            r.d.Status == DelegationStatus.Active && r.d.EndsAt <= Now, staff[r.d.Id].ToList(), r.d.Note)).ToList();
    }

    /// <summary>Merchants an agency admin can ask for access, found by name.</summary>
    public async Task<IReadOnlyList<(long Id, string Name)>> FindMerchantsAsync(string userId, string term, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var actor = await access.ResolveAsync(db, userId, ct);
        if (!actor.Grants.Any(g => g.Kind == OrganisationKind.Agency && g.Permissions.Contains(Permission.DelegationsManage)) || string.IsNullOrWhiteSpace(term))
            return [];
        return (await db.Organisations.Where(o => o.Kind == OrganisationKind.Merchant && o.Name.Contains(term.Trim()))
            .OrderBy(o => o.Name).Take(20).Select(o => new { o.Id, o.Name }).ToListAsync(ct)).Select(o => (o.Id, o.Name)).ToList();
    }

    /// <summary>The merchant's shops, for narrowing an all-shops request to some of them.</summary>
    public async Task<IReadOnlyList<(long Id, string Name)>> MerchantShopsAsync(string userId, long merchantId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var actor = await access.ResolveAsync(db, userId, ct);
        await access.RequireAsync(actor, Permission.DelegationsManage, merchantId, null, "delegation.shops", ct);
        return (await db.Shops.Where(s => s.MerchantId == merchantId).OrderBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToListAsync(ct))
            .Select(s => (s.Id, s.Name)).ToList();
    }

    /// <summary>The members of an agency its admin can assign.</summary>
    public async Task<IReadOnlyList<(string UserId, string Name)>> AgencyMembersAsync(string userId, long agencyId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var actor = await access.ResolveAsync(db, userId, ct);
        await access.RequireAsync(actor, Permission.DelegationsManage, agencyId, null, "delegation.members", ct);
        return (await db.Memberships.Where(m => m.OrganisationId == agencyId).Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.DisplayName })
            .OrderBy(u => u.DisplayName).ToListAsync(ct)).Select(u => (u.Id, u.DisplayName)).ToList();
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>A delegation runs to the end of its last Beijing day.</summary>
    private static DateTime EndOf(DateOnly lastDay) => ShanghaiTime.StartOfDayUtc(lastDay.AddDays(1));
    private static DateOnly LastDayOf(DateTime endsAt) => DateOnly.FromDateTime(ShanghaiTime.ToLocal(endsAt)).AddDays(-1);

    private async Task ValidateAsync(AppDbContext db, long merchantId, DelegationScope scope, CancellationToken ct)
    {
        if (scope.Permissions.Count == 0)
            throw new DomainException(new("请至少选择一项权限。", "Choose at least one permission."));
        var forbidden = scope.Permissions.Where(p => NeverDelegated.Contains(p) || !PermissionCodes.MerchantPermissions.Contains(p)).ToList();
        if (forbidden.Count > 0)
            throw new DomainException(new($"以下权限不能授予服务商：{string.Join("、", forbidden.Select(p => p.NameZh()))}。",
                $"These permissions cannot be delegated: {string.Join(", ", forbidden.Select(p => p.NameEn()))}."));
        await ShopScope.ValidateAsync(db, merchantId, scope.AllShops, scope.ShopIds, ct);
        if (scope.LastDay < ShanghaiTime.Today(clock))
            throw new DomainException(new("授权截止日期不能早于今天。", "The end date cannot be in the past."));
        if (scope.LastDay > ShanghaiTime.Today(clock).AddYears(1))
            throw new DomainException(new("授权期限最长一年。", "A delegation can last at most one year."));
    }

    private async Task<(Actor, Delegation)> LoadForMerchantAsync(AppDbContext db, string userId, long delegationId, string action, CancellationToken ct)
    {
        var actor = await access.ResolveAsync(db, userId, ct);
        var delegation = await db.Delegations.AsTracking().FirstOrDefaultAsync(d => d.Id == delegationId, ct) ?? throw NotFound();
        // Only the merchant's own people decide: a delegation can never be used to manage delegations.
        if (actor.GrantsIn(delegation.MerchantId).All(g => g.DelegationId is not null || !g.Permissions.Contains(Permission.DelegationsManage)))
            throw await access.DenyAsync(actor, delegation.MerchantId, null, Permission.DelegationsManage.Code(), action,
                actor.GrantsIn(delegation.MerchantId).Any()
                    ? AccessDeniedException.For(Permission.DelegationsManage, actor.GrantsIn(delegation.MerchantId).First().OrganisationName)
                    : AccessDeniedException.NotInOrganisation(), ct);
        return (actor, delegation);
    }

    private static DomainException NotFound() => new(new("找不到该授权。", "That delegation does not exist."));

    private static void AddShops(AppDbContext db, long delegationId, DelegationScope scope)
    {
        if (scope.AllShops) return;
        foreach (var shopId in scope.ShopIds.Distinct())
            db.DelegationShops.Add(new DelegationShop { DelegationId = delegationId, ShopId = shopId });
    }

    // The delegation is the object here (EntityId), not the channel: managing a delegation is never done through one.
    private void Audit(AppDbContext db, Actor actor, long organisationId, Delegation delegation, string action, string? before, string? after) =>
        audit.Add(db, new AuditEntry
        {
            ActorUserId = actor.UserId, ActorName = actor.DisplayName, OrganisationId = organisationId,
            Action = action, EntityType = "Delegation", EntityId = delegation.Id.ToString(), Before = before, After = after,
        });

    private static string Describe(Delegation d, DelegationScope scope) => Describe(d, scope.AllShops ? [] : scope.ShopIds);

    private static string Describe(Delegation d, IEnumerable<long> shops) => JsonSerializer.Serialize(new
    {
        d.Status, d.Permissions, d.AllShops, Shops = shops.Order().ToArray(), d.EndsAt,
    });
}
