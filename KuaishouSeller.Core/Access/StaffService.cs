using System.Security.Cryptography;
using System.Text;
using KuaishouSeller.Core.Auditing;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Organisations;
using KuaishouSeller.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Access;

public sealed record StaffMember(long MembershipId, string UserId, string Name, string Email, long RoleId, string RoleZh, string RoleEn,
    bool AllShops, IReadOnlyList<(long Id, string Name)> Shops, bool IsSelf);

public sealed record RoleOption(long Id, string NameZh, string NameEn, IReadOnlySet<Permission> Permissions, bool IsBuiltIn);

public sealed record StaffAssignment(long RoleId, bool AllShops, IReadOnlyCollection<long> ShopIds);

/// <summary>
/// People of an organisation: invitations with one-time links, role changes, removal, custom roles.
/// Nobody can raise their own rights or hand out rights they do not hold, and an organisation always keeps an owner.
/// </summary>
public sealed class StaffService(IDbContextFactory<AppDbContext> contexts, AccessService access, AuditTrail audit, TimeProvider clock)
{
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(7);

    public async Task<IReadOnlyList<StaffMember>> ListAsync(string userId, long organisationId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var actor = await access.ResolveAsync(db, userId, ct);
        await RequireOwnAsync(actor, Permission.StaffManage, organisationId, "staff.list", ct);
        var members = await (
            from m in db.Memberships
            where m.OrganisationId == organisationId
            join u in db.Users on m.UserId equals u.Id
            join r in db.RoleDefinitions on m.RoleId equals r.Id
            orderby u.DisplayName
            select new { m.Id, m.UserId, u.DisplayName, u.Email, m.RoleId, r.NameZh, r.NameEn, m.AllShops }).ToListAsync(ct);
        var ids = members.Select(m => m.Id).ToList();
        var shops = (await db.MembershipShops.Where(s => ids.Contains(s.MembershipId)).Join(db.Shops, s => s.ShopId, s => s.Id, (ms, s) => new { ms.MembershipId, s.Id, s.Name })
            .ToListAsync(ct)).ToLookup(s => s.MembershipId, s => (s.Id, s.Name));
        return members.Select(m => new StaffMember(m.Id, m.UserId, m.DisplayName, m.Email ?? "", m.RoleId, m.NameZh, m.NameEn, m.AllShops,
            shops[m.Id].OrderBy(s => s.Name).ToList(), m.UserId == userId)).ToList();
    }

    /// <summary>The organisation's shops, to choose where a member's role applies.</summary>
    public async Task<IReadOnlyList<(long Id, string Name)>> ShopsAsync(string userId, long organisationId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var actor = await access.ResolveAsync(db, userId, ct);
        await RequireOwnAsync(actor, Permission.StaffManage, organisationId, "staff.shops", ct);
        return (await db.Shops.Where(s => s.MerchantId == organisationId).OrderBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToListAsync(ct))
            .Select(s => (s.Id, s.Name)).ToList();
    }

    /// <summary>Roles that can be given in the organisation: built-ins of its kind and its own custom roles.</summary>
    public async Task<IReadOnlyList<RoleOption>> RolesAsync(string userId, long organisationId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var actor = await access.ResolveAsync(db, userId, ct);
        await RequireOwnAsync(actor, Permission.StaffManage, organisationId, "staff.roles", ct);
        var kind = await db.Organisations.Where(o => o.Id == organisationId).Select(o => o.Kind).SingleAsync(ct);
        return (await db.RoleDefinitions.Where(r => (r.OrganisationId == null && r.OrganisationKind == kind) || r.OrganisationId == organisationId)
                .OrderBy(r => r.Id).ToListAsync(ct))
            .Select(r => new RoleOption(r.Id, r.NameZh, r.NameEn, PermissionCodes.ParseList(r.Permissions), r.IsBuiltIn)).ToList();
    }

    /// <summary>Creates a one-time invitation and returns its secret token (only its hash is stored).</summary>
    public async Task<string> InviteAsync(string userId, long organisationId, string email, StaffAssignment assignment, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var actor = await access.ResolveAsync(db, userId, ct);
        await RequireOwnAsync(actor, Permission.StaffManage, organisationId, "staff.invite", ct);
        email = (email ?? "").Trim();
        if (!System.Net.Mail.MailAddress.TryCreate(email, out _))
            throw new DomainException(new("邮箱格式不正确。", "That is not a valid email address."));
        await ValidateAssignmentAsync(db, actor, organisationId, assignment, ct);
        var normalized = email.ToUpperInvariant();
        if (await db.Memberships.AnyAsync(m => m.OrganisationId == organisationId && db.Users.Any(u => u.Id == m.UserId && u.NormalizedEmail == normalized), ct))
            throw new DomainException(new("该邮箱的用户已经是成员。", "A user with this email is already a member."));

        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        var invitation = new Invitation
        {
            OrganisationId = organisationId, Email = email, RoleId = assignment.RoleId, AllShops = assignment.AllShops,
            ShopIds = string.Join(",", assignment.ShopIds.Distinct().Order()), TokenHash = Hash(token), InvitedByUserId = userId,
            CreatedAt = Now, ExpiresAt = Now + InvitationLifetime,
        };
        db.Invitations.Add(invitation);
        audit.Add(db, Entry(actor, organisationId, "staff.invited", "Invitation", email, null, $"role={assignment.RoleId} allShops={assignment.AllShops} shops={invitation.ShopIds}"));
        await db.SaveChangesAsync(ct);
        return token;
    }

    /// <summary>The signed-in user accepts an invitation addressed to their email; the link works once, until it expires.</summary>
    public async Task<long> AcceptInvitationAsync(string userId, string token, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var hash = Hash(token ?? "");
        var invitation = await db.Invitations.AsTracking().FirstOrDefaultAsync(i => i.TokenHash == hash, ct);
        if (invitation is null || invitation.AcceptedAt is not null || invitation.ExpiresAt <= Now)
            throw new DomainException(new("邀请链接无效、已使用或已过期。", "This invitation link is invalid, already used or expired."));
        var user = await db.Users.SingleAsync(u => u.Id == userId, ct);
        if (!string.Equals(user.Email, invitation.Email, StringComparison.OrdinalIgnoreCase))
            throw new DomainException(new("该邀请是发给其他邮箱的，请使用受邀邮箱登录。", "This invitation was sent to another email; sign in with the invited address."));
        if (await db.Memberships.AnyAsync(m => m.UserId == userId && m.OrganisationId == invitation.OrganisationId, ct))
            throw new DomainException(new("您已经是该组织的成员。", "You are already a member of this organisation."));

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var membership = new Membership
        {
            UserId = userId, OrganisationId = invitation.OrganisationId, RoleId = invitation.RoleId, AllShops = invitation.AllShops, CreatedAt = Now,
        };
        db.Memberships.Add(membership);
        invitation.AcceptedAt = Now;
        invitation.AcceptedByUserId = userId;
        await db.SaveChangesAsync(ct);
        foreach (var shopId in ParseIds(invitation.ShopIds))
            db.MembershipShops.Add(new MembershipShop { MembershipId = membership.Id, ShopId = shopId });
        audit.Add(db, new AuditEntry
        {
            ActorUserId = userId, ActorName = user.DisplayName, OrganisationId = invitation.OrganisationId, Action = "staff.joined",
            EntityType = "Membership", EntityId = membership.Id.ToString(), After = $"role={invitation.RoleId}",
        });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return invitation.OrganisationId;
    }

    public async Task ChangeAsync(string userId, long membershipId, StaffAssignment assignment, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var actor = await access.ResolveAsync(db, userId, ct);
        var membership = await db.Memberships.AsTracking().FirstOrDefaultAsync(m => m.Id == membershipId, ct) ?? throw NotFound();
        await RequireOwnAsync(actor, Permission.StaffManage, membership.OrganisationId, "staff.change", ct);
        if (membership.UserId == userId)
            throw await access.DenyAsync(actor, membership.OrganisationId, null, "own-role", "staff.change-own",
                new AccessDeniedException(new("不能修改自己的角色，请让其他管理员操作。", "You cannot change your own role; ask another admin.")), ct);
        if (!Holds(actor, membership.OrganisationId, await PermissionsOfAsync(db, membership.RoleId, ct)))
            throw new DomainException(new("不能修改权限比您更高的成员。", "You cannot change someone with more rights than you."));
        await ValidateAssignmentAsync(db, actor, membership.OrganisationId, assignment, ct);
        if (membership.RoleId == BuiltInRoles.Owner && assignment.RoleId != BuiltInRoles.Owner)
            await EnsureAnotherOwnerAsync(db, membership, ct);

        var before = $"role={membership.RoleId} allShops={membership.AllShops}";
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        membership.RoleId = assignment.RoleId;
        membership.AllShops = assignment.AllShops;
        await db.MembershipShops.Where(s => s.MembershipId == membershipId).ExecuteDeleteAsync(ct);
        if (!assignment.AllShops)
            foreach (var shopId in assignment.ShopIds.Distinct())
                db.MembershipShops.Add(new MembershipShop { MembershipId = membershipId, ShopId = shopId });
        audit.Add(db, Entry(actor, membership.OrganisationId, "staff.changed", "Membership", membershipId.ToString(), before,
            $"role={assignment.RoleId} allShops={assignment.AllShops} shops={string.Join(",", assignment.ShopIds.Order())}"));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>Removes a member; their open pages lose access on their next action.</summary>
    public async Task RemoveAsync(string userId, long membershipId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var actor = await access.ResolveAsync(db, userId, ct);
        var membership = await db.Memberships.AsTracking().FirstOrDefaultAsync(m => m.Id == membershipId, ct) ?? throw NotFound();
        await RequireOwnAsync(actor, Permission.StaffManage, membership.OrganisationId, "staff.remove", ct);
        if (!Holds(actor, membership.OrganisationId, await PermissionsOfAsync(db, membership.RoleId, ct)))
            throw new DomainException(new("不能移除权限比您更高的成员。", "You cannot remove someone with more rights than you."));
        if (membership.RoleId == BuiltInRoles.Owner) await EnsureAnotherOwnerAsync(db, membership, ct);
        db.Memberships.Remove(membership);
        audit.Add(db, Entry(actor, membership.OrganisationId, "staff.removed", "Membership", membershipId.ToString(), $"user={membership.UserId} role={membership.RoleId}", null));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Creates or updates a custom role of the organisation (id null creates).</summary>
    public async Task<long> SaveRoleAsync(string userId, long organisationId, long? roleId, string nameZh, string nameEn,
        IReadOnlyCollection<Permission> permissions, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var actor = await access.ResolveAsync(db, userId, ct);
        await RequireOwnAsync(actor, Permission.RolesManage, organisationId, "roles.save", ct);
        nameZh = (nameZh ?? "").Trim();
        nameEn = (nameEn ?? "").Trim();
        if (nameZh.Length is 0 or > 30 || nameEn.Length is 0 or > 30)
            throw new DomainException(new("角色的中英文名称都需要填写，最多 30 个字符。", "Give the role a Chinese and an English name of at most 30 characters."));
        if (permissions.Count == 0)
            throw new DomainException(new("请至少选择一项权限。", "Choose at least one permission."));
        var outside = permissions.Where(p => !PermissionCodes.MerchantPermissions.Contains(p)).ToList();
        if (outside.Count > 0)
            throw new DomainException(new($"商家角色不能包含：{string.Join("、", outside.Select(p => p.NameZh()))}。",
                $"A merchant role cannot include: {string.Join(", ", outside.Select(p => p.NameEn()))}."));
        if (!Holds(actor, organisationId, permissions.ToHashSet()))
            throw await access.DenyAsync(actor, organisationId, null, "role-escalation", "roles.save",
                new AccessDeniedException(new("角色不能包含您自己没有的权限。", "A role cannot include permissions you do not have yourself.")), ct);

        Role role;
        if (roleId is null)
        {
            role = new Role { OrganisationId = organisationId, OrganisationKind = OrganisationKind.Merchant };
            db.RoleDefinitions.Add(role);
        }
        else
        {
            role = await db.RoleDefinitions.AsTracking().FirstOrDefaultAsync(r => r.Id == roleId && r.OrganisationId == organisationId, ct)
                ?? throw new DomainException(new("只能修改本组织的自定义角色。", "Only this organisation's custom roles can be changed."));
        }
        var before = roleId is null ? null : $"{role.NameZh}/{role.NameEn}: {role.Permissions}";
        role.NameZh = nameZh;
        role.NameEn = nameEn;
        role.Permissions = PermissionCodes.FormatList(permissions);
        await db.SaveChangesAsync(ct);
        audit.Add(db, Entry(actor, organisationId, roleId is null ? "roles.created" : "roles.changed", "Role", role.Id.ToString(), before,
            $"{role.NameZh}/{role.NameEn}: {role.Permissions}"));
        await db.SaveChangesAsync(ct);
        return role.Id;
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static IEnumerable<long> ParseIds(string ids) =>
        ids.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse);

    private static DomainException NotFound() => new(new("找不到该成员。", "That member does not exist."));

    /// <summary>Staff and roles are managed only by the organisation's own people, never through a delegation.</summary>
    private async Task RequireOwnAsync(Actor actor, Permission permission, long organisationId, string action, CancellationToken ct)
    {
        var own = new Actor(actor.UserId, actor.DisplayName, actor.Grants.Where(g => g.DelegationId is null).ToList());
        await access.RequireAsync(own, permission, organisationId, null, action, ct);
    }

    /// <summary>True when the actor's own rights in the organisation (on all shops) include every given permission.</summary>
    private static bool Holds(Actor actor, long organisationId, IReadOnlySet<Permission> permissions) =>
        permissions.All(p => actor.GrantsIn(organisationId).Any(g => g.DelegationId is null && g.ShopIds is null && g.Permissions.Contains(p)));

    private static async Task<IReadOnlySet<Permission>> PermissionsOfAsync(AppDbContext db, long roleId, CancellationToken ct) =>
        PermissionCodes.ParseList(await db.RoleDefinitions.Where(r => r.Id == roleId).Select(r => r.Permissions).SingleAsync(ct));

    private async Task ValidateAssignmentAsync(AppDbContext db, Actor actor, long organisationId, StaffAssignment assignment, CancellationToken ct)
    {
        var kind = await db.Organisations.Where(o => o.Id == organisationId).Select(o => o.Kind).SingleAsync(ct);
        var role = await db.RoleDefinitions.FirstOrDefaultAsync(r => r.Id == assignment.RoleId
            && ((r.OrganisationId == null && r.OrganisationKind == kind) || r.OrganisationId == organisationId), ct)
            ?? throw new DomainException(new("该角色不能在本组织使用。", "That role cannot be used in this organisation."));
        if (!Holds(actor, organisationId, PermissionCodes.ParseList(role.Permissions)))
            throw await access.DenyAsync(actor, organisationId, null, "role-escalation", "staff.assign",
                new AccessDeniedException(new("不能授予比您自己更高的权限。", "You cannot give rights you do not have yourself.")), ct);
        await ShopScope.ValidateAsync(db, organisationId, assignment.AllShops, assignment.ShopIds, ct);
    }

    private static async Task EnsureAnotherOwnerAsync(AppDbContext db, Membership membership, CancellationToken ct)
    {
        if (!await db.Memberships.AnyAsync(m => m.OrganisationId == membership.OrganisationId && m.RoleId == BuiltInRoles.Owner && m.Id != membership.Id, ct))
            throw new DomainException(new("组织至少需要保留一位店主。", "An organisation must keep at least one owner."));
    }

    private static AuditEntry Entry(Actor actor, long organisationId, string action, string type, string id, string? before, string? after) => new()
    {
        ActorUserId = actor.UserId, ActorName = actor.DisplayName, OrganisationId = organisationId, Action = action,
        EntityType = type, EntityId = id, Before = before, After = after,
    };
}
