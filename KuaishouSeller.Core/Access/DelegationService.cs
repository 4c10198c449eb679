using KuaishouSeller.Core.Auditing;
using KuaishouSeller.Core.Commands;
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
public sealed class DelegationService(IDbContextFactory<AppDbContext> contexts, AccessService access, CommandRunner commands, TimeProvider clock)
{
    public Task<long> RequestAsync(string userId, long agencyId, long merchantId, DelegationScope scope, string? note, CancellationToken ct = default) =>
        commands.RunInTransactionAsync(userId, AuditActions.DelegationRequested, async c =>
        {
            await c.RequireAsync(Permission.DelegationsManage, agencyId, ShopTarget.AllShops);
            var agency = await c.Db.Organisations.SingleAsync(o => o.Id == agencyId, c.Cancellation);
            if (agency.Kind != OrganisationKind.Agency)
                throw new DomainException(new("只有服务商可以申请代运营授权。", "Only an agency can ask for delegated access."));
            var merchant = await c.Db.Organisations.FirstOrDefaultAsync(o => o.Id == merchantId && o.Kind == OrganisationKind.Merchant, c.Cancellation)
                ?? throw NotFoundException.Of("商家", "merchant");
            await ValidateAsync(c.Db, merchantId, scope, c.Cancellation);
            if (await c.Db.Delegations.AnyAsync(d => d.MerchantId == merchantId && d.AgencyId == agencyId && d.Status == DelegationStatus.Requested, c.Cancellation))
                throw new ConflictException(new("已有一条待商家处理的申请，请勿重复提交。", "A request to this merchant is already waiting for an answer."));

            var delegation = new Delegation
            {
                MerchantId = merchant.Id, AgencyId = agencyId, Status = DelegationStatus.Requested,
                Permissions = PermissionCodes.FormatList(scope.Permissions), AllShops = scope.AllShops, EndsAt = EndOf(scope.LastDay),
                RequestedByUserId = userId, RequestedAt = c.Now, Note = note?.Trim(),
            };
            c.Db.Delegations.Add(delegation);
            await c.Db.SaveChangesAsync(c.Cancellation);
            AddShops(c.Db, delegation.Id, scope);
            c.Audit(Subject(delegation, merchant.Name), after: Describe(delegation, scope));
            return delegation.Id;
        }, ct);

    /// <summary>
    /// The merchant accepts, with the requested scope or a narrower one, and only with rights the accepting person holds
    /// over all shops themselves (nobody grants what they lack).
    /// </summary>
    public Task AcceptAsync(string userId, long delegationId, DelegationScope granted, CancellationToken ct = default) =>
        commands.RunInTransactionAsync(userId, AuditActions.DelegationAccepted, async c =>
        {
            var delegation = await LoadForMerchantAsync(c, delegationId);
            if (delegation.Status != DelegationStatus.Requested)
                throw new ConflictException(new("该申请已处理，不能再次接受。", "This request has already been answered."));
            await ValidateAsync(c.Db, delegation.MerchantId, granted, c.Cancellation);
            var lacking = PermissionRules.Lacking(c.Actor, delegation.MerchantId, granted.Permissions);
            if (lacking.Count > 0)
                throw await c.DenyAsync(delegation.MerchantId, null, "delegation-escalation", new AccessDeniedException(new(
                    $"您自己没有覆盖全部店铺的这些权限，不能授予服务商：{string.Join("、", lacking.Select(p => p.NameZh()))}。",
                    $"You cannot grant what you do not hold over all shops yourself: {string.Join(", ", lacking.Select(p => p.NameEn()))}.")));
            var requested = PermissionCodes.ParseList(delegation.Permissions);
            var requestedShops = await c.Db.DelegationShops.Where(s => s.DelegationId == delegationId).Select(s => s.ShopId).ToListAsync(c.Cancellation);
            if (!granted.Permissions.All(requested.Contains)
                || (!delegation.AllShops && (granted.AllShops || !granted.ShopIds.All(requestedShops.Contains)))
                || EndOf(granted.LastDay) > delegation.EndsAt)
                throw new DomainException(new("只能在服务商申请的范围内授权（权限、店铺和期限只能缩小）。",
                    "You can only grant what the agency asked for or less (permissions, shops and end date can only narrow)."));

            var before = Describe(delegation, requestedShops);
            delegation.Status = DelegationStatus.Active;
            delegation.Permissions = PermissionCodes.FormatList(granted.Permissions);
            delegation.AllShops = granted.AllShops;
            delegation.EndsAt = EndOf(granted.LastDay);
            delegation.DecidedByUserId = userId;
            delegation.DecidedAt = c.Now;
            await c.Db.DelegationShops.Where(s => s.DelegationId == delegationId).ExecuteDeleteAsync(c.Cancellation);
            AddShops(c.Db, delegationId, granted);
            c.Audit(await SubjectAsync(c, delegation), before, Describe(delegation, granted));
        }, ct);

    public Task RejectAsync(string userId, long delegationId, string? reason, CancellationToken ct = default) =>
        commands.RunAsync(userId, AuditActions.DelegationRejected, async c =>
        {
            var delegation = await LoadForMerchantAsync(c, delegationId);
            if (delegation.Status != DelegationStatus.Requested)
                throw new ConflictException(new("该申请已处理。", "This request has already been answered."));
            delegation.Status = DelegationStatus.Rejected;
            delegation.DecidedByUserId = userId;
            delegation.DecidedAt = c.Now;
            delegation.Note = reason?.Trim();
            c.Audit(await SubjectAsync(c, delegation), after: new { reason = delegation.Note });
        }, ct);

    /// <summary>Takes effect on the agency's very next action: access is resolved per action.</summary>
    public Task RevokeAsync(string userId, long delegationId, CancellationToken ct = default) =>
        commands.RunAsync(userId, AuditActions.DelegationRevoked, async c =>
        {
            var delegation = await LoadForMerchantAsync(c, delegationId);
            if (delegation.Status != DelegationStatus.Active)
                throw new ConflictException(new("只有生效中的授权可以撤销。", "Only an active delegation can be revoked."));
            delegation.Status = DelegationStatus.Revoked;
            delegation.DecidedByUserId = userId;
            delegation.DecidedAt = c.Now;
            c.Audit(await SubjectAsync(c, delegation));
        }, ct);

    /// <summary>The agency admin chooses which of the agency's members work under the delegation.</summary>
    public Task AssignStaffAsync(string userId, long delegationId, IReadOnlyCollection<string> staffUserIds, CancellationToken ct = default) =>
        commands.RunInTransactionAsync(userId, AuditActions.DelegationStaffAssigned, async c =>
        {
            var delegation = await c.Db.Delegations.AsTracking().FirstOrDefaultAsync(d => d.Id == delegationId, c.Cancellation) ?? throw NotFound();
            await c.RequireAsync(Permission.DelegationsManage, delegation.AgencyId, ShopTarget.AllShops, foreignAs: NotFound());
            var members = await c.Db.Memberships.Where(m => m.OrganisationId == delegation.AgencyId).Select(m => m.UserId).ToListAsync(c.Cancellation);
            if (staffUserIds.Except(members).Any())
                throw new DomainException(new("只能指派本服务商的员工。", "Only members of the agency can be assigned."));

            var before = await NamesAsync(c, await c.Db.DelegationAssignments.Where(a => a.DelegationId == delegationId).Select(a => a.UserId).ToListAsync(c.Cancellation));
            await c.Db.DelegationAssignments.Where(a => a.DelegationId == delegationId).ExecuteDeleteAsync(c.Cancellation);
            foreach (var staff in staffUserIds.Distinct())
                c.Db.DelegationAssignments.Add(new DelegationAssignment { DelegationId = delegationId, UserId = staff, AssignedAt = c.Now });
            c.Audit(await SubjectAsync(c, delegation), new { staff = before }, new { staff = await NamesAsync(c, staffUserIds) });
        }, ct);

    /// <summary>Delegations the user may see: as the merchant (with DelegationsManage) or as the agency.</summary>
    public async Task<IReadOnlyList<DelegationView>> ListAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var actor = await access.ResolveAsync(db, userId, ct);
        var visibleOrgs = actor.Grants.Where(g => g.Allows(Permission.DelegationsManage) && g.Covers(ShopTarget.AllShops))
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
            r.d.Status == DelegationStatus.Active && r.d.EndsAt <= clock.GetUtcNow().UtcDateTime, staff[r.d.Id].ToList(), r.d.Note)).ToList();
    }

    /// <summary>Merchants an agency admin can ask for access, found by name.</summary>
    public async Task<IReadOnlyList<(long Id, string Name)>> FindMerchantsAsync(string userId, string term, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var actor = await access.ResolveAsync(db, userId, ct);
        if (!actor.Grants.Any(g => g.Kind == OrganisationKind.Agency && g.Allows(Permission.DelegationsManage)) || string.IsNullOrWhiteSpace(term))
            return [];
        return (await db.Organisations.Where(o => o.Kind == OrganisationKind.Merchant && o.Name.Contains(term.Trim()))
            .OrderBy(o => o.Name).Take(20).Select(o => new { o.Id, o.Name }).ToListAsync(ct)).Select(o => (o.Id, o.Name)).ToList();
    }

    /// <summary>The merchant's shops, for narrowing an all-shops request to some of them.</summary>
    public async Task<IReadOnlyList<(long Id, string Name)>> MerchantShopsAsync(string userId, long merchantId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var actor = await access.ResolveAsync(db, userId, ct);
        await access.RequireAsync(actor, Permission.DelegationsManage, merchantId, ShopTarget.AllShops, "delegation.shops", ct);
        return (await db.Shops.Where(s => s.MerchantId == merchantId).OrderBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToListAsync(ct))
            .Select(s => (s.Id, s.Name)).ToList();
    }

    /// <summary>The members of an agency its admin can assign.</summary>
    public async Task<IReadOnlyList<(string UserId, string Name)>> AgencyMembersAsync(string userId, long agencyId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var actor = await access.ResolveAsync(db, userId, ct);
        await access.RequireAsync(actor, Permission.DelegationsManage, agencyId, ShopTarget.AllShops, "delegation.members", ct);
        return (await db.Memberships.Where(m => m.OrganisationId == agencyId).Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.DisplayName })
            .OrderBy(u => u.DisplayName).ToListAsync(ct)).Select(u => (u.Id, u.DisplayName)).ToList();
    }

    /// <summary>A delegation runs to the end of its last Beijing day.</summary>
    private static DateTime EndOf(DateOnly lastDay) => ShanghaiTime.StartOfDayUtc(lastDay.AddDays(1));
    /// <summary>The last day a delegation is in force (it ends at the start of the next Shanghai day).</summary>
    public static DateOnly LastDayOf(DateTime endsAt) => DateOnly.FromDateTime(ShanghaiTime.ToLocal(endsAt)).AddDays(-1);

    private async Task ValidateAsync(AppDbContext db, long merchantId, DelegationScope scope, CancellationToken ct)
    {
        if (scope.Permissions.Count == 0)
            throw new DomainException(new("请至少选择一项权限。", "Choose at least one permission."));
        var forbidden = scope.Permissions.Where(p => PermissionCodes.OwnOnly.Contains(p) || !PermissionCodes.MerchantPermissions.Contains(p)).ToList();
        if (forbidden.Count > 0)
            throw new DomainException(new($"以下权限不能授予服务商：{string.Join("、", forbidden.Select(p => p.NameZh()))}。",
                $"These permissions cannot be delegated: {string.Join(", ", forbidden.Select(p => p.NameEn()))}."));
        await ShopScope.ValidateAsync(db, merchantId, scope.AllShops, scope.ShopIds, ct);
        if (scope.LastDay < ShanghaiTime.Today(clock))
            throw new DomainException(new("授权截止日期不能早于今天。", "The end date cannot be in the past."));
        if (scope.LastDay > ShanghaiTime.Today(clock).AddYears(1))
            throw new DomainException(new("授权期限最长一年。", "A delegation can last at most one year."));
    }

    /// <summary>The delegation, once the actor may decide on it: the merchant's own delegations.manage over all shops (never delegated).</summary>
    private static async Task<Delegation> LoadForMerchantAsync(CommandContext c, long delegationId)
    {
        var delegation = await c.Db.Delegations.AsTracking().FirstOrDefaultAsync(d => d.Id == delegationId, c.Cancellation) ?? throw NotFound();
        await c.RequireAsync(Permission.DelegationsManage, delegation.MerchantId, ShopTarget.AllShops, foreignAs: NotFound());
        return delegation;
    }

    private static NotFoundException NotFound() => NotFoundException.Of("授权", "delegation");

    private static void AddShops(AppDbContext db, long delegationId, DelegationScope scope)
    {
        if (scope.AllShops) return;
        foreach (var shopId in scope.ShopIds.Distinct())
            db.DelegationShops.Add(new DelegationShop { DelegationId = delegationId, ShopId = shopId });
    }

    /// <summary>The delegation as the log names it: "agency → merchant". Managing a delegation is never done through one.</summary>
    private static AuditSubject Subject(Delegation d, string otherName) => new("Delegation", d.Id.ToString(), otherName);

    private static async Task<AuditSubject> SubjectAsync(CommandContext c, Delegation d)
    {
        var names = await c.Db.Organisations.Where(o => o.Id == d.AgencyId || o.Id == d.MerchantId).ToDictionaryAsync(o => o.Id, o => o.Name, c.Cancellation);
        return new AuditSubject("Delegation", d.Id.ToString(), $"{names.GetValueOrDefault(d.AgencyId)} → {names.GetValueOrDefault(d.MerchantId)}");
    }

    private static async Task<string> NamesAsync(CommandContext c, IReadOnlyCollection<string> userIds) =>
        string.Join("、", (await c.Db.Users.Where(u => userIds.Contains(u.Id)).Select(u => u.DisplayName).ToListAsync(c.Cancellation)).Order());

    private static object Describe(Delegation d, DelegationScope scope) => Describe(d, scope.AllShops ? [] : scope.ShopIds);

    private static object Describe(Delegation d, IEnumerable<long> shops) => new
    {
        status = d.Status.ToString(), permissions = d.Permissions, allShops = d.AllShops, shops = string.Join(",", shops.Order()),
        lastDay = LastDayOf(d.EndsAt).ToString("yyyy-MM-dd"),
    };
}
