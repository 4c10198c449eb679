using System.Security.Cryptography;
using System.Text;
using KuaishouSeller.Core.Auditing;
using KuaishouSeller.Core.Commands;
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
public sealed class StaffService(IDbContextFactory<AppDbContext> contexts, AccessService access, CommandRunner commands)
{
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(7);

    /// <summary>The staff list (names and e-mails of everyone): an own grant of staff.manage over all shops.</summary>
    public async Task<IReadOnlyList<StaffMember>> ListAsync(string userId, long organisationId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await RequireStaffManagerAsync(db, userId, organisationId, "staff.list", ct);
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
        await RequireStaffManagerAsync(db, userId, organisationId, "staff.shops", ct);
        return (await db.Shops.Where(s => s.MerchantId == organisationId).OrderBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToListAsync(ct))
            .Select(s => (s.Id, s.Name)).ToList();
    }

    /// <summary>Roles that can be given in the organisation: built-ins of its kind and its own custom roles.</summary>
    public async Task<IReadOnlyList<RoleOption>> RolesAsync(string userId, long organisationId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await RequireStaffManagerAsync(db, userId, organisationId, "staff.roles", ct);
        var kind = await db.Organisations.Where(o => o.Id == organisationId).Select(o => o.Kind).SingleAsync(ct);
        return (await db.RoleDefinitions.Where(r => (r.OrganisationId == null && r.OrganisationKind == kind) || r.OrganisationId == organisationId)
                .OrderBy(r => r.Id).ToListAsync(ct))
            .Select(r => new RoleOption(r.Id, r.NameZh, r.NameEn, PermissionCodes.ParseList(r.Permissions), r.IsBuiltIn)).ToList();
    }

    /// <summary>Creates a one-time invitation and returns its secret token (only its hash is stored).</summary>
    public Task<string> InviteAsync(string userId, long organisationId, string email, StaffAssignment assignment, CancellationToken ct = default)
    {
        email = (email ?? "").Trim();
        return commands.RunAsync(userId, AuditActions.StaffInvited, async c =>
        {
            await c.RequireAsync(Permission.StaffManage, organisationId, ShopTarget.AllShops);
            if (!System.Net.Mail.MailAddress.TryCreate(email, out _))
                throw new DomainException(new("邮箱格式不正确。", "That is not a valid email address."));
            var role = await ValidateAssignmentAsync(c, organisationId, assignment);
            var normalized = email.ToUpperInvariant();
            if (await c.Db.Memberships.AnyAsync(m => m.OrganisationId == organisationId && c.Db.Users.Any(u => u.Id == m.UserId && u.NormalizedEmail == normalized), c.Cancellation))
                throw new ConflictException(new("该邮箱的用户已经是成员。", "A user with this email is already a member."));

            var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
            var invitation = new Invitation
            {
                OrganisationId = organisationId, Email = email, RoleId = assignment.RoleId, AllShops = assignment.AllShops,
                ShopIds = string.Join(",", assignment.ShopIds.Distinct().Order()), TokenHash = Hash(token), InvitedByUserId = userId,
                CreatedAt = c.Now, ExpiresAt = c.Now + InvitationLifetime,
            };
            c.Db.Invitations.Add(invitation);
            c.Audit(new AuditSubject("Invitation", email, email), after: Assignment(role, assignment));
            return token;
        }, ct);
    }

    /// <summary>
    /// The signed-in user accepts an invitation addressed to their e-mail, which they must have confirmed (whoever merely
    /// registered the address cannot take the seat); the link works once, until it expires.
    /// </summary>
    public Task<long> AcceptInvitationAsync(string userId, string token, CancellationToken ct = default) =>
        commands.RunInTransactionAsync(userId, AuditActions.StaffJoined, async c =>
        {
            var hash = Hash(token ?? "");
            var invitation = await c.Db.Invitations.AsTracking().FirstOrDefaultAsync(i => i.TokenHash == hash, c.Cancellation);
            if (invitation is null || invitation.AcceptedAt is not null || invitation.ExpiresAt <= c.Now)
                throw new DomainException(new("邀请链接无效、已使用或已过期。", "This invitation link is invalid, already used or expired."));
            var user = await c.Db.Users.SingleAsync(u => u.Id == userId, c.Cancellation);
            if (!string.Equals(user.Email, invitation.Email, StringComparison.OrdinalIgnoreCase))
                throw new DomainException(new("该邀请是发给其他邮箱的，请使用受邀邮箱登录。", "This invitation was sent to another email; sign in with the invited address."));
            if (!user.EmailConfirmed)
                throw new DomainException(new("请先确认您的邮箱（查收确认邮件），再接受邀请。", "Confirm your e-mail address first (see the confirmation mail), then accept the invitation."));
            if (await c.Db.Memberships.AnyAsync(m => m.UserId == userId && m.OrganisationId == invitation.OrganisationId, c.Cancellation))
                throw new ConflictException(new("您已经是该组织的成员。", "You are already a member of this organisation."));

            var membership = new Membership
            {
                UserId = userId, OrganisationId = invitation.OrganisationId, RoleId = invitation.RoleId, AllShops = invitation.AllShops, CreatedAt = c.Now,
            };
            c.Db.Memberships.Add(membership);
            invitation.AcceptedAt = c.Now;
            invitation.AcceptedByUserId = userId;
            await c.Db.SaveChangesAsync(c.Cancellation);
            foreach (var shopId in ParseIds(invitation.ShopIds))
                c.Db.MembershipShops.Add(new MembershipShop { MembershipId = membership.Id, ShopId = shopId });
            var role = await c.Db.RoleDefinitions.SingleAsync(r => r.Id == invitation.RoleId, c.Cancellation);
            c.Audit(new AuditSubject("Membership", membership.Id.ToString(), user.DisplayName),
                after: Assignment(role, new StaffAssignment(invitation.RoleId, invitation.AllShops, ParseIds(invitation.ShopIds).ToList())),
                organisationId: invitation.OrganisationId);
            return invitation.OrganisationId;
        }, ct);

    public Task ChangeAsync(string userId, long membershipId, StaffAssignment assignment, CancellationToken ct = default) =>
        commands.RunInTransactionAsync(userId, AuditActions.StaffChanged, async c =>
        {
            var membership = await c.Db.Memberships.AsTracking().FirstOrDefaultAsync(m => m.Id == membershipId, c.Cancellation) ?? throw NotFound();
            await c.RequireAsync(Permission.StaffManage, membership.OrganisationId, ShopTarget.AllShops, foreignAs: NotFound());
            if (membership.UserId == userId)
                throw await c.DenyAsync(membership.OrganisationId, null, "own-role",
                    new AccessDeniedException(new("不能修改自己的角色，请让其他管理员操作。", "You cannot change your own role; ask another admin.")));
            var current = await c.Db.RoleDefinitions.SingleAsync(r => r.Id == membership.RoleId, c.Cancellation);
            if (!PermissionRules.Holds(c.Actor, membership.OrganisationId, PermissionCodes.ParseList(current.Permissions)))
                throw new DomainException(new("不能修改权限比您更高的成员。", "You cannot change someone with more rights than you."));
            var role = await ValidateAssignmentAsync(c, membership.OrganisationId, assignment);
            if (membership.RoleId == BuiltInRoles.Owner && assignment.RoleId != BuiltInRoles.Owner)
                await EnsureAnotherOwnerAsync(c.Db, membership, c.Cancellation);

            var shopsBefore = await c.Db.MembershipShops.Where(s => s.MembershipId == membershipId).Select(s => s.ShopId).ToListAsync(c.Cancellation);
            var before = Assignment(current, new StaffAssignment(membership.RoleId, membership.AllShops, shopsBefore));
            membership.RoleId = assignment.RoleId;
            membership.AllShops = assignment.AllShops;
            await c.Db.MembershipShops.Where(s => s.MembershipId == membershipId).ExecuteDeleteAsync(c.Cancellation);
            if (!assignment.AllShops)
                foreach (var shopId in assignment.ShopIds.Distinct())
                    c.Db.MembershipShops.Add(new MembershipShop { MembershipId = membershipId, ShopId = shopId });
            c.Audit(await MemberSubjectAsync(c, membership), before, Assignment(role, assignment));
        }, ct);

    /// <summary>Removes a member; their open pages lose access on their next action.</summary>
    public Task RemoveAsync(string userId, long membershipId, CancellationToken ct = default) =>
        commands.RunAsync(userId, AuditActions.StaffRemoved, async c =>
        {
            var membership = await c.Db.Memberships.AsTracking().FirstOrDefaultAsync(m => m.Id == membershipId, c.Cancellation) ?? throw NotFound();
            await c.RequireAsync(Permission.StaffManage, membership.OrganisationId, ShopTarget.AllShops, foreignAs: NotFound());
            var role = await c.Db.RoleDefinitions.SingleAsync(r => r.Id == membership.RoleId, c.Cancellation);
            if (!PermissionRules.Holds(c.Actor, membership.OrganisationId, PermissionCodes.ParseList(role.Permissions)))
                throw new DomainException(new("不能移除权限比您更高的成员。", "You cannot remove someone with more rights than you."));
            if (membership.RoleId == BuiltInRoles.Owner) await EnsureAnotherOwnerAsync(c.Db, membership, c.Cancellation);
            c.Audit(await MemberSubjectAsync(c, membership), new { roleZh = role.NameZh, roleEn = role.NameEn });
            c.Db.Memberships.Remove(membership);
        }, ct);

    /// <summary>Creates or updates a custom role of the organisation (id null creates).</summary>
    public Task<long> SaveRoleAsync(string userId, long organisationId, long? roleId, string nameZh, string nameEn,
        IReadOnlyCollection<Permission> permissions, CancellationToken ct = default)
    {
        nameZh = (nameZh ?? "").Trim();
        nameEn = (nameEn ?? "").Trim();
        return commands.RunInTransactionAsync(userId, roleId is null ? AuditActions.RoleCreated : AuditActions.RoleChanged, async c =>
        {
            await c.RequireAsync(Permission.RolesManage, organisationId, ShopTarget.AllShops);
            if (nameZh.Length is 0 or > 30 || nameEn.Length is 0 or > 30)
                throw new DomainException(new("角色的中英文名称都需要填写，最多 30 个字符。", "Give the role a Chinese and an English name of at most 30 characters."));
            if (permissions.Count == 0)
                throw new DomainException(new("请至少选择一项权限。", "Choose at least one permission."));
            var outside = permissions.Where(p => !PermissionCodes.MerchantPermissions.Contains(p)).ToList();
            if (outside.Count > 0)
                throw new DomainException(new($"商家角色不能包含：{string.Join("、", outside.Select(p => p.NameZh()))}。",
                    $"A merchant role cannot include: {string.Join(", ", outside.Select(p => p.NameEn()))}."));
            if (!PermissionRules.Holds(c.Actor, organisationId, permissions.ToHashSet()))
                throw await c.DenyAsync(organisationId, null, "role-escalation",
                    new AccessDeniedException(new("角色不能包含您自己没有的权限。", "A role cannot include permissions you do not have yourself.")));

            Role role;
            if (roleId is null)
            {
                role = new Role { OrganisationId = organisationId, OrganisationKind = OrganisationKind.Merchant };
                c.Db.RoleDefinitions.Add(role);
            }
            else
            {
                role = await c.Db.RoleDefinitions.AsTracking().FirstOrDefaultAsync(r => r.Id == roleId && r.OrganisationId == organisationId, c.Cancellation)
                    ?? throw NotFoundException.Of("自定义角色", "custom role");
            }
            var before = roleId is null ? null : new { nameZh = role.NameZh, nameEn = role.NameEn, permissions = role.Permissions };
            role.NameZh = nameZh;
            role.NameEn = nameEn;
            role.Permissions = PermissionCodes.FormatList(permissions);
            await c.Db.SaveChangesAsync(c.Cancellation);
            c.Audit(new AuditSubject("Role", role.Id.ToString(), $"{role.NameZh} / {role.NameEn}"), before,
                new { nameZh = role.NameZh, nameEn = role.NameEn, permissions = role.Permissions });
            return role.Id;
        }, ct);
    }

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static IEnumerable<long> ParseIds(string ids) =>
        ids.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse);

    private static NotFoundException NotFound() => NotFoundException.Of("成员", "member");

    /// <summary>The reads of the staff pages ask what the commands ask: staff.manage, own, over all shops.</summary>
    private async Task RequireStaffManagerAsync(AppDbContext db, string userId, long organisationId, string action, CancellationToken ct)
    {
        var actor = await access.ResolveAsync(db, userId, ct);
        await access.RequireAsync(actor, Permission.StaffManage, organisationId, ShopTarget.AllShops, action, ct);
    }

    /// <summary>The role and shops of an assignment as the audit log stores them.</summary>
    private static object Assignment(Role role, StaffAssignment assignment) =>
        new { roleZh = role.NameZh, roleEn = role.NameEn, allShops = assignment.AllShops, shops = string.Join(",", assignment.ShopIds.Distinct().Order()) };

    private static async Task<AuditSubject> MemberSubjectAsync(CommandContext c, Membership membership)
    {
        var name = await c.Db.Users.Where(u => u.Id == membership.UserId).Select(u => u.DisplayName).SingleAsync(c.Cancellation);
        return new AuditSubject("Membership", membership.Id.ToString(), name);
    }

    /// <summary>The role exists in the organisation, the actor holds every right in it, and the shops are the organisation's.</summary>
    private static async Task<Role> ValidateAssignmentAsync(CommandContext c, long organisationId, StaffAssignment assignment)
    {
        var kind = await c.Db.Organisations.Where(o => o.Id == organisationId).Select(o => o.Kind).SingleAsync(c.Cancellation);
        var role = await c.Db.RoleDefinitions.FirstOrDefaultAsync(r => r.Id == assignment.RoleId
            && ((r.OrganisationId == null && r.OrganisationKind == kind) || r.OrganisationId == organisationId), c.Cancellation)
            ?? throw new DomainException(new("该角色不能在本组织使用。", "That role cannot be used in this organisation."));
        if (!PermissionRules.Holds(c.Actor, organisationId, PermissionCodes.ParseList(role.Permissions)))
            throw await c.DenyAsync(organisationId, null, "role-escalation",
                new AccessDeniedException(new("不能授予比您自己更高的权限。", "You cannot give rights you do not have yourself.")));
        await ShopScope.ValidateAsync(c.Db, organisationId, assignment.AllShops, assignment.ShopIds, c.Cancellation);
        return role;
    }

    private static async Task EnsureAnotherOwnerAsync(AppDbContext db, Membership membership, CancellationToken ct)
    {
        if (!await db.Memberships.AnyAsync(m => m.OrganisationId == membership.OrganisationId && m.RoleId == BuiltInRoles.Owner && m.Id != membership.Id, ct))
            throw new DomainException(new("组织至少需要保留一位店主。", "An organisation must keep at least one owner."));
    }
}
