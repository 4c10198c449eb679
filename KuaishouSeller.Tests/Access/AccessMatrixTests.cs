using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Auditing;
using KuaishouSeller.Core.DemoWorld;
using KuaishouSeller.Core.Organisations;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace KuaishouSeller.Tests.Access;

/// <summary>
/// (xunit seeds a fresh demo world for each test: InitializeAsync runs per test.)
/// Every permission against every organisation and shop of the demo world, for every demo role, compared
/// with an expectation written out here (who holds which role where), not derived from the seeding code.
/// </summary>
public sealed class AccessMatrixTests : IAsyncLifetime
{
    private static readonly FakeTimeProvider Clock = new(AppFactory.Now);
    private TestDatabase _database = default!;
    private CoreServicesFor _services = default!;
    private World _world = default!;

    private static readonly Permission[] Delegated =
    [
        Permission.DashboardView, Permission.ShopsView, Permission.CatalogView, Permission.StockView, Permission.ScoresView,
        Permission.CampaignsView, Permission.CampaignsRegister,
    ];

    /// <summary>A right the test expects: permissions in an organisation, on all its shops (null) or the listed shop positions.</summary>
    private sealed record Expected(Func<World, long> Organisation, IReadOnlyCollection<Permission> Permissions, int[]? ShopPositions = null);

    private static IReadOnlyCollection<Permission> RolePermissions(long roleId) =>
        PermissionCodes.ParseList(BuiltInRoles.All.Single(r => r.Id == roleId).Permissions).ToArray();

    private static readonly Dictionary<string, Expected[]> Rights = new()
    {
        ["owner@demo.ks"] = [new(w => w.Merchants[0], RolePermissions(BuiltInRoles.Owner))],
        ["operator@demo.ks"] =
        [
            new(w => w.Merchants[0], RolePermissions(BuiltInRoles.Operations)),
            new(w => w.Merchants[1], RolePermissions(BuiltInRoles.Operations), [0]),
        ],
        ["agency@demo.ks"] =
        [
            new(w => w.Agency, RolePermissions(BuiltInRoles.AgencyAdmin)),
            new(w => w.Merchants[0], Delegated, [0, 1]),
        ],
        ["creator@demo.ks"] = [new(w => w.Creators[0], RolePermissions(BuiltInRoles.CreatorOwner))],
        ["reviewer@demo.ks"] = [new(w => w.Platform, RolePermissions(BuiltInRoles.PlatformReviewer))],
    };

    private sealed record World(long[] Merchants, long[] Creators, long Agency, long Platform, ILookup<long, long> ShopsByMerchant)
    {
        public IEnumerable<long> Organisations => Merchants.Concat(Creators).Append(Agency).Append(Platform);
    }

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await DemoWorldSeeder.SeedAsync(_database.Options, DemoWorldSize.Demo, 618, Clock, reset: false);
        _services = new CoreServicesFor(_database, Clock);
        await using var db = _database.CreateContext();
        var organisations = await db.Organisations.OrderBy(o => o.Id).ToListAsync();
        var shops = await db.Shops.OrderBy(s => s.Id).ToListAsync();
        _world = new World(
            organisations.Where(o => o.Kind == OrganisationKind.Merchant).Select(o => o.Id).ToArray(),
            organisations.Where(o => o.Kind == OrganisationKind.Creator).Select(o => o.Id).ToArray(),
            organisations.Single(o => o.Kind == OrganisationKind.Agency).Id,
            organisations.Single(o => o.Kind == OrganisationKind.Platform).Id,
            shops.ToLookup(s => s.MerchantId, s => s.Id));
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    /// <summary>One shop: a grant listing it or covering all shops. No shop means all shops: only a grant over all of them.</summary>
    private bool ExpectedCan(string email, Permission permission, long organisationId, long? shopId) =>
        Rights[email].Any(r => r.Organisation(_world) == organisationId && r.Permissions.Contains(permission)
                               && (r.ShopPositions is null
                                   || (shopId is not null && r.ShopPositions.Select(i => _world.ShopsByMerchant[organisationId].ElementAt(i)).Contains(shopId.Value))));

    private IEnumerable<(long Organisation, long? Shop)> Targets() =>
        _world.Organisations.SelectMany(o => new (long, long?)[] { (o, null) }.Concat(_world.ShopsByMerchant[o].Select(s => (o, (long?)s))));

    [Fact]
    public async Task Every_permission_on_every_organisation_and_shop_matches_the_expected_rights()
    {
        var checks = 0;
        var wrong = new List<string>();
        foreach (var email in Rights.Keys)
        {
            var actor = await _services.Access.ResolveAsync(await _services.UserIdAsync(email));
            foreach (var (organisation, shop) in Targets())
            foreach (var permission in Enum.GetValues<Permission>())
            {
                checks++;
                var expected = ExpectedCan(email, permission, organisation, shop);
                if (actor.Can(permission, organisation, shop is null ? ShopTarget.AllShops : ShopTarget.Shop(shop.Value)) != expected)
                    wrong.Add($"{email} {permission.Code()} org {organisation} shop {shop}: expected {(expected ? "allowed" : "refused")}");
            }
        }
        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong.Take(30)));
        Assert.Equal(5 * 16 * Enum.GetValues<Permission>().Length, checks); // 5 roles × 16 targets × 20 permissions
    }

    [Fact]
    public async Task Switching_is_allowed_exactly_where_the_user_has_a_right_and_refusals_are_audited()
    {
        var wrong = new List<string>();
        var refusals = 0;
        foreach (var email in Rights.Keys)
        {
            var userId = await _services.UserIdAsync(email);
            foreach (var (organisation, shop) in Targets())
            {
                var expected = Rights[email].Any(r => r.Organisation(_world) == organisation
                    && (shop is null || r.ShopPositions is null || r.ShopPositions.Select(i => _world.ShopsByMerchant[organisation].ElementAt(i)).Contains(shop.Value)));
                var allowed = true;
                try { await _services.Workspaces.SwitchAsync(userId, organisation, shop); }
                catch (AccessDeniedException) { allowed = false; refusals++; }
                if (allowed != expected) wrong.Add($"{email} → org {organisation} shop {shop}: expected {(expected ? "allowed" : "refused")}");
            }
        }
        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
        await using var db = _database.CreateContext();
        Assert.Equal(refusals, await db.AuditLog.CountAsync(a => a.Action == AuditActions.AccessDenied));
    }

    [Fact]
    public async Task The_chosen_workspace_survives_a_new_session_and_pages_follow_it()
    {
        var operatorId = await _services.UserIdAsync("operator@demo.ks");
        var teaShops = _world.ShopsByMerchant[_world.Merchants[0]].ToList();

        await _services.Workspaces.SwitchAsync(operatorId, _world.Merchants[0], teaShops[2]);
        var shops = await _services.Shops.ListAsync(operatorId); // a fresh service, as after a reload
        Assert.Equal([teaShops[2]], shops.Select(s => s.Id));

        await _services.Workspaces.SwitchAsync(operatorId, _world.Merchants[0], null);
        Assert.Equal(teaShops.Order(), (await _services.Shops.ListAsync(operatorId)).Select(s => s.Id).Order());

        // In the second merchant the operator only ever sees the one shop they were given.
        await _services.Workspaces.SwitchAsync(operatorId, _world.Merchants[1], null);
        Assert.Equal([_world.ShopsByMerchant[_world.Merchants[1]].First()], (await _services.Shops.ListAsync(operatorId)).Select(s => s.Id));
    }

    [Fact]
    public async Task Favourites_and_recent_entries_are_kept_per_user()
    {
        var operatorId = await _services.UserIdAsync("operator@demo.ks");
        var ownerId = await _services.UserIdAsync("owner@demo.ks");
        var shop = _world.ShopsByMerchant[_world.Merchants[0]].First();
        await _services.Workspaces.SetFavouriteAsync(operatorId, _world.Merchants[0], shop, true);

        var operatorOptions = await _services.Workspaces.ListAsync(operatorId);
        var ownerOptions = await _services.Workspaces.ListAsync(ownerId);
        Assert.True(operatorOptions.Single(o => o.Matches(_world.Merchants[0], shop)).IsFavourite);
        Assert.False(ownerOptions.Single(o => o.Matches(_world.Merchants[0], shop)).IsFavourite);
        Assert.Single(await _services.Workspaces.ListAsync(operatorId, "北纬"), o => o.ShopId is null);

        await Assert.ThrowsAsync<AccessDeniedException>(() => _services.Workspaces.SetFavouriteAsync(ownerId, _world.Merchants[1], null, true));
    }

    [Theory]
    [InlineData("revoked")]
    [InlineData("expired")]
    [InlineData("unassigned")]
    [InlineData("left the agency")]
    public async Task A_delegation_stops_working_on_the_next_action(string change)
    {
        var agencyUser = await _services.UserIdAsync("agency@demo.ks");
        var tea = _world.Merchants[0];
        Assert.True((await _services.Access.ResolveAsync(agencyUser)).CanInSomeShop(Permission.CampaignsRegister, tea));

        await using (var db = _database.CreateContext())
        {
            var delegation = await db.Delegations.AsTracking().SingleAsync(d => d.MerchantId == tea);
            switch (change)
            {
                case "revoked": delegation.Status = DelegationStatus.Revoked; break;
                case "expired": delegation.EndsAt = Clock.GetUtcNow().UtcDateTime.AddMinutes(-1); break;
                case "unassigned": await db.DelegationAssignments.Where(a => a.UserId == agencyUser).ExecuteDeleteAsync(); break;
                case "left the agency": await db.Memberships.Where(m => m.UserId == agencyUser).ExecuteDeleteAsync(); break;
            }
            await db.SaveChangesAsync();
        }

        var after = await _services.Access.ResolveAsync(agencyUser);
        Assert.False(after.CanInSomeShop(Permission.ShopsView, tea));
        Assert.Empty(await _services.Shops.ListAsync(agencyUser));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _services.Workspaces.SwitchAsync(agencyUser, tea, null));
        Assert.Equal(0, (await _services.Catalog.ListSkusAsync(agencyUser, new(), new(0, 25))).TotalCount);
    }
}
