using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.DemoWorld;
using KuaishouSeller.Core.Identity;
using KuaishouSeller.Core.Organisations;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace KuaishouSeller.Tests.Access;

/// <summary>Invitations, role changes, removal and custom roles — with the escalation and lock-out guards.</summary>
public sealed class StaffTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(AppFactory.Now);
    private TestDatabase _database = default!;
    private CoreServicesFor _services = default!;
    private long _tea;
    private long[] _teaShops = [];
    private string _owner = "", _operator = "";

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await DemoWorldSeeder.SeedAsync(_database.Options, DemoWorldSize.Demo, 618, _clock, reset: false);
        _services = new CoreServicesFor(_database, _clock);
        await using var db = _database.CreateContext();
        _tea = await db.Organisations.Where(o => o.Kind == OrganisationKind.Merchant).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
        _teaShops = await db.Shops.Where(s => s.MerchantId == _tea).OrderBy(s => s.Id).Select(s => s.Id).ToArrayAsync();
        _owner = await _services.UserIdAsync("owner@demo.ks");
        _operator = await _services.UserIdAsync("operator@demo.ks");
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private async Task<string> NewUserAsync(string email, bool confirmed = true)
    {
        await using var db = _database.CreateContext();
        var user = new AppUser { UserName = email, Email = email, NormalizedEmail = email.ToUpperInvariant(), DisplayName = "新员工", SecurityStamp = "s", EmailConfirmed = confirmed };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user.Id;
    }

    private async Task<long> MembershipIdAsync(string userId)
    {
        await using var db = _database.CreateContext();
        return await db.Memberships.Where(m => m.UserId == userId && m.OrganisationId == _tea).Select(m => m.Id).SingleAsync();
    }

    [Fact]
    public async Task Whoever_registered_the_invited_address_without_confirming_it_cannot_take_the_seat()
    {
        var token = await _services.Staff.InviteAsync(_owner, _tea, "unconfirmed@tea.ks", new StaffAssignment(BuiltInRoles.Analyst, true, []));
        var squatter = await NewUserAsync("unconfirmed@tea.ks", confirmed: false);
        var refused = await Assert.ThrowsAsync<DomainException>(() => _services.Staff.AcceptInvitationAsync(squatter, token));
        Assert.Contains("Confirm your e-mail", refused.UserMessage.En);
        await using var db = _database.CreateContext();
        Assert.False(await db.Memberships.AnyAsync(m => m.UserId == squatter));
        await db.Users.Where(u => u.Id == squatter).ExecuteUpdateAsync(u => u.SetProperty(x => x.EmailConfirmed, true));
        Assert.Equal(_tea, await _services.Staff.AcceptInvitationAsync(squatter, token)); // once confirmed, the link works
    }

    [Fact]
    public async Task An_invitation_link_works_once_for_the_invited_email_and_grants_the_chosen_shops()
    {
        var token = await _services.Staff.InviteAsync(_owner, _tea, "new.cs@tea.ks", new StaffAssignment(BuiltInRoles.CustomerService, false, [_teaShops[1]]));
        var stranger = await NewUserAsync("someone.else@tea.ks");
        var invited = await NewUserAsync("new.cs@tea.ks");

        var wrongPerson = await Assert.ThrowsAsync<DomainException>(() => _services.Staff.AcceptInvitationAsync(stranger, token));
        Assert.Contains("其他邮箱", wrongPerson.UserMessage.Zh);
        Assert.Equal(_tea, await _services.Staff.AcceptInvitationAsync(invited, token));
        var again = await Assert.ThrowsAsync<DomainException>(() => _services.Staff.AcceptInvitationAsync(invited, token));
        Assert.Contains("已使用", again.UserMessage.Zh);

        var actor = await _services.Access.ResolveAsync(invited);
        Assert.True(actor.Can(Permission.CustomerService, _tea, ShopTarget.Shop(_teaShops[1])));
        Assert.False(actor.Can(Permission.CustomerService, _tea, ShopTarget.Shop(_teaShops[0])));
        Assert.False(actor.CanInSomeShop(Permission.PricesEdit, _tea));
    }

    [Fact]
    public async Task An_expired_invitation_is_refused()
    {
        var token = await _services.Staff.InviteAsync(_owner, _tea, "late@tea.ks", new StaffAssignment(BuiltInRoles.Analyst, true, []));
        var invited = await NewUserAsync("late@tea.ks");
        _clock.Advance(StaffService.InvitationLifetime + TimeSpan.FromMinutes(1));
        var e = await Assert.ThrowsAsync<DomainException>(() => _services.Staff.AcceptInvitationAsync(invited, token));
        Assert.Contains("已过期", e.UserMessage.Zh);
    }

    [Fact]
    public async Task Nobody_raises_their_own_role_or_hands_out_rights_they_lack()
    {
        var operatorMembership = await MembershipIdAsync(_operator);
        var ownerMembership = await MembershipIdAsync(_owner);
        // The operator cannot manage staff at all, let alone promote themselves.
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            _services.Staff.ChangeAsync(_operator, operatorMembership, new StaffAssignment(BuiltInRoles.Owner, true, [])));

        // An admin can manage staff but cannot make anyone owner, nor change their own role.
        var admin = await NewUserAsync("admin@tea.ks");
        var token = await _services.Staff.InviteAsync(_owner, _tea, "admin@tea.ks", new StaffAssignment(BuiltInRoles.Admin, true, []));
        await _services.Staff.AcceptInvitationAsync(admin, token);
        var adminMembership = await MembershipIdAsync(admin);
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            _services.Staff.ChangeAsync(admin, operatorMembership, new StaffAssignment(BuiltInRoles.Owner, true, [])));
        var own = await Assert.ThrowsAsync<AccessDeniedException>(() =>
            _services.Staff.ChangeAsync(admin, adminMembership, new StaffAssignment(BuiltInRoles.Analyst, true, [])));
        Assert.Contains("不能修改自己的角色", own.UserMessage.Zh);
        var higher = await Assert.ThrowsAsync<DomainException>(() => _services.Staff.RemoveAsync(admin, ownerMembership));
        Assert.Contains("更高", higher.UserMessage.Zh);
        await Assert.ThrowsAsync<DomainException>(() => _services.Staff.ChangeAsync(admin, ownerMembership, new StaffAssignment(BuiltInRoles.Analyst, true, [])));

        // The admin can narrow the operator to one shop; the change is effective on the operator's next action.
        await _services.Staff.ChangeAsync(admin, operatorMembership, new StaffAssignment(BuiltInRoles.Operations, false, [_teaShops[0]]));
        var actor = await _services.Access.ResolveAsync(_operator);
        Assert.True(actor.Can(Permission.PricesEdit, _tea, ShopTarget.Shop(_teaShops[0])));
        Assert.False(actor.Can(Permission.PricesEdit, _tea, ShopTarget.Shop(_teaShops[1])));

        await using var db = _database.CreateContext();
        Assert.True(await db.AuditLog.CountAsync(a => a.Action == "access.denied" && a.OrganisationId == _tea) >= 3);
    }

    [Fact]
    public async Task The_last_owner_stays_and_a_removed_member_loses_access_at_once()
    {
        var ownerMembership = await MembershipIdAsync(_owner);
        var operatorMembership = await MembershipIdAsync(_operator);
        var e = await Assert.ThrowsAsync<DomainException>(() => _services.Staff.RemoveAsync(_owner, ownerMembership));
        Assert.Contains("至少需要保留一位店主", e.UserMessage.Zh);

        await _services.Staff.RemoveAsync(_owner, operatorMembership);
        Assert.False((await _services.Access.ResolveAsync(_operator)).CanInSomeShop(Permission.ShopsView, _tea));
        Assert.DoesNotContain(await _services.Staff.ListAsync(_owner, _tea), m => m.UserId == _operator);
    }

    [Fact]
    public async Task Custom_roles_are_validated_and_cannot_exceed_the_editors_rights()
    {
        var id = await _services.Staff.SaveRoleAsync(_owner, _tea, null, "直播场控", "Live-room controller", [Permission.DashboardView, Permission.PricesEdit]);
        var roles = await _services.Staff.RolesAsync(_owner, _tea);
        Assert.Contains(roles, r => r.Id == id && !r.IsBuiltIn && r.Permissions.SetEquals([Permission.DashboardView, Permission.PricesEdit]));
        Assert.DoesNotContain(roles, r => r.NameEn == "Agency admin"); // roles of other organisation kinds are not offered

        var blank = await Assert.ThrowsAsync<DomainException>(() => _services.Staff.SaveRoleAsync(_owner, _tea, null, "", "x", [Permission.DashboardView]));
        Assert.Contains("名称", blank.UserMessage.Zh);
        var reviewer = await Assert.ThrowsAsync<DomainException>(() => _services.Staff.SaveRoleAsync(_owner, _tea, null, "审核", "Review", [Permission.CampaignsReview]));
        Assert.Contains("审核活动报名", reviewer.UserMessage.Zh);
        await Assert.ThrowsAsync<AccessDeniedException>(() => _services.Staff.SaveRoleAsync(_operator, _tea, null, "x", "x", [Permission.DashboardView]));
    }
}
