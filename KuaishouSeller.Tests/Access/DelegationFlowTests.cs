using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Auditing;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.DemoWorld;
using KuaishouSeller.Core.Organisations;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace KuaishouSeller.Tests.Access;

/// <summary>Agency delegation end to end in Core: request, accept (narrowed), assign, act, revoke; and every refusal.</summary>
public sealed class DelegationFlowTests : IAsyncLifetime
{
    private readonly FakeTimeProvider Clock = new(AppFactory.Now); // per test: one test moves time forward
    private TestDatabase _database = default!;
    private CoreServicesFor _services = default!;
    private long _tea, _fashion, _agency;
    private long[] _teaShops = [], _fashionShops = [];
    private string _owner = "", _operator = "", _agencyAdmin = "";

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await DemoWorldSeeder.SeedAsync(_database.Options, DemoWorldSize.Demo, 618, Clock, reset: false);
        _services = new CoreServicesFor(_database, Clock);
        await using var db = _database.CreateContext();
        var merchants = await db.Organisations.Where(o => o.Kind == OrganisationKind.Merchant).OrderBy(o => o.Id).Select(o => o.Id).ToListAsync();
        (_tea, _fashion) = (merchants[0], merchants[1]);
        _agency = await db.Organisations.Where(o => o.Kind == OrganisationKind.Agency).Select(o => o.Id).SingleAsync();
        _teaShops = await db.Shops.Where(s => s.MerchantId == _tea).OrderBy(s => s.Id).Select(s => s.Id).ToArrayAsync();
        _fashionShops = await db.Shops.Where(s => s.MerchantId == _fashion).OrderBy(s => s.Id).Select(s => s.Id).ToArrayAsync();
        _owner = await _services.UserIdAsync("owner@demo.ks");
        _operator = await _services.UserIdAsync("operator@demo.ks");
        _agencyAdmin = await _services.UserIdAsync("agency@demo.ks");
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private DateOnly Today => ShanghaiTime.Today(Clock);

    private DelegationScope Ask(params Permission[] permissions) =>
        new(permissions, AllShops: false, ShopIds: _teaShops, LastDay: Today.AddDays(60));

    private async Task<long> RequestFullAsync() =>
        await _services.Delegations.RequestAsync(_agencyAdmin, _agency, _tea,
            Ask(Permission.DashboardView, Permission.ShopsView, Permission.PricesEdit, Permission.StockAdjust), "618 大促代运营");

    private async Task<string> NewAgencyStaffAsync()
    {
        await using var db = _database.CreateContext();
        var user = new KuaishouSeller.Core.Identity.AppUser { UserName = "staff@agency.ks", Email = "staff@agency.ks", DisplayName = "小赵", SecurityStamp = "x" };
        db.Users.Add(user);
        db.Memberships.Add(new Membership { UserId = user.Id, OrganisationId = _agency, RoleId = BuiltInRoles.AgencyStaff, CreatedAt = Clock.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync();
        return user.Id;
    }

    [Fact]
    public async Task The_merchant_narrows_a_request_and_assigned_staff_get_exactly_that()
    {
        var id = await RequestFullAsync();
        var staff = await NewAgencyStaffAsync();
        Assert.False((await _services.Access.ResolveAsync(staff)).CanInSomeShop(Permission.ShopsView, _tea)); // nothing before acceptance

        await _services.Delegations.AcceptAsync(_owner, id,
            new DelegationScope([Permission.DashboardView, Permission.ShopsView, Permission.PricesEdit], false, [_teaShops[2]], Today.AddDays(30)));
        await _services.Delegations.AssignStaffAsync(_agencyAdmin, id, [staff]);

        var actor = await _services.Access.ResolveAsync(staff);
        Assert.True(actor.Can(Permission.PricesEdit, _tea, ShopTarget.Shop(_teaShops[2])));
        Assert.False(actor.Can(Permission.PricesEdit, _tea, ShopTarget.Shop(_teaShops[0])));
        Assert.False(actor.Can(Permission.StockAdjust, _tea, ShopTarget.Shop(_teaShops[2])));
        Assert.False(actor.CanInSomeShop(Permission.ShopsView, _fashion));
        var grant = actor.Find(Permission.PricesEdit, _tea, ShopTarget.Shop(_teaShops[2]))!;
        Assert.Equal((id, _agency), (grant.DelegationId!.Value, grant.AgencyId!.Value));

        // The delegation expires after its last day without anyone touching it.
        Clock.Advance(TimeSpan.FromDays(32));
        Assert.False((await _services.Access.ResolveAsync(staff)).CanInSomeShop(Permission.ShopsView, _tea));

        await using var db = _database.CreateContext();
        var actions = await db.AuditLog.Where(a => a.EntityType == "Delegation" && a.EntityId == id.ToString()).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
        Assert.False(await db.AuditLog.AnyAsync(a => a.EntityType == "Delegation" && a.DelegationId != null)); // decided by people, not through a delegation
        Assert.Equal(["delegation.requested", "delegation.accepted", "delegation.staff-assigned"], actions);
    }

    [Fact]
    public async Task Granting_more_than_was_asked_is_refused_and_changes_nothing()
    {
        var id = await RequestFullAsync();
        var wider = new DelegationScope([Permission.DashboardView, Permission.FinanceView], false, _teaShops, Today.AddDays(30));
        var longer = new DelegationScope([Permission.DashboardView], false, _teaShops, Today.AddDays(90));
        foreach (var scope in new[] { wider, longer })
        {
            var e = await Assert.ThrowsAsync<DomainException>(() => _services.Delegations.AcceptAsync(_owner, id, scope));
            Assert.Contains("只能缩小", e.UserMessage.Zh);
        }
        var view = (await _services.Delegations.ListAsync(_owner)).Single(d => d.Id == id);
        Assert.Equal(DelegationStatus.Requested, view.Status);
        Assert.Equal(4, view.Permissions.Count);
    }

    [Theory]
    [InlineData("staff rights")]
    [InlineData("no permission")]
    [InlineData("past end")]
    [InlineData("over a year")]
    [InlineData("foreign shop")]
    [InlineData("no shop")]
    public async Task Bad_requests_are_refused_with_the_exact_problem(string problem)
    {
        var scope = problem switch
        {
            "staff rights" => Ask(Permission.StaffManage, Permission.DashboardView),
            "no permission" => Ask(),
            "past end" => Ask(Permission.DashboardView) with { LastDay = Today.AddDays(-1) },
            "over a year" => Ask(Permission.DashboardView) with { LastDay = Today.AddYears(2) },
            "foreign shop" => Ask(Permission.DashboardView) with { ShopIds = [_teaShops[0], _fashionShops[0]] },
            _ => Ask(Permission.DashboardView) with { ShopIds = [] },
        };
        var expected = problem switch
        {
            "staff rights" => "不能授予服务商：管理员工",
            "no permission" => "至少选择一项权限",
            "past end" => "不能早于今天",
            "over a year" => "最长一年",
            "foreign shop" => "不属于该组织",
            _ => "至少一家店铺",
        };
        var e = await Assert.ThrowsAsync<DomainException>(() => _services.Delegations.RequestAsync(_agencyAdmin, _agency, _tea, scope, null));
        Assert.Contains(expected, e.UserMessage.Zh);
        await using var db = _database.CreateContext();
        Assert.Equal(1, await db.Delegations.CountAsync()); // only the seeded one
    }

    [Fact]
    public async Task Only_the_merchants_own_managers_decide_and_every_refusal_is_audited()
    {
        var id = await RequestFullAsync();
        var scope = Ask(Permission.DashboardView);
        // The operator works for the merchant but may not manage delegations; the agency cannot accept its own request.
        await Assert.ThrowsAsync<AccessDeniedException>(() => _services.Delegations.AcceptAsync(_operator, id, scope));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _services.Delegations.AcceptAsync(_agencyAdmin, id, scope));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _services.Delegations.RevokeAsync(_agencyAdmin, id));
        // The merchant cannot request on an agency's behalf.
        await Assert.ThrowsAsync<AccessDeniedException>(() => _services.Delegations.RequestAsync(_owner, _agency, _tea, scope, null));

        await using var db = _database.CreateContext();
        Assert.Equal(4, await db.AuditLog.CountAsync(a => a.Action == AuditActions.AccessDenied));
        Assert.Equal(DelegationStatus.Requested, (await db.Delegations.SingleAsync(d => d.Id == id)).Status);
    }

    [Fact]
    public async Task Revoking_stops_the_agency_on_its_next_action_and_rejecting_closes_a_request()
    {
        var seeded = (await _services.Delegations.ListAsync(_owner)).Single(d => d.Status == DelegationStatus.Active);
        Assert.True((await _services.Access.ResolveAsync(_agencyAdmin)).CanInSomeShop(Permission.CampaignsRegister, _tea));
        await _services.Delegations.RevokeAsync(_owner, seeded.Id);
        Assert.False((await _services.Access.ResolveAsync(_agencyAdmin)).CanInSomeShop(Permission.CampaignsRegister, _tea));
        await Assert.ThrowsAsync<ConflictException>(() => _services.Delegations.RevokeAsync(_owner, seeded.Id));

        var id = await RequestFullAsync();
        await _services.Delegations.RejectAsync(_owner, id, "暂不需要");
        var e = await Assert.ThrowsAsync<ConflictException>(() => _services.Delegations.AcceptAsync(_owner, id, Ask(Permission.DashboardView)));
        Assert.Contains("已处理", e.UserMessage.Zh);
    }

    [Fact]
    public async Task Only_the_agencys_own_members_can_be_assigned()
    {
        var seeded = (await _services.Delegations.ListAsync(_agencyAdmin)).Single(d => d.Status == DelegationStatus.Active);
        var e = await Assert.ThrowsAsync<DomainException>(() => _services.Delegations.AssignStaffAsync(_agencyAdmin, seeded.Id, [_operator]));
        Assert.Contains("本服务商的员工", e.UserMessage.Zh);
        Assert.True((await _services.Access.ResolveAsync(_agencyAdmin)).CanInSomeShop(Permission.ShopsView, _tea)); // unchanged
    }
}
