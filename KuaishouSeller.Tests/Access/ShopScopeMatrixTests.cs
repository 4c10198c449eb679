using System.Text;
using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Auditing;
using KuaishouSeller.Core.Catalog;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Identity;
using KuaishouSeller.Core.Organisations;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Transfer;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Tests.Access;

/// <summary>
/// Shop-limited grants (a member limited to one shop, an agency delegated two of three) against every merchant-wide
/// command and the per-shop reads: each merchant-wide change is refused with "needs all shops" and changes nothing;
/// each read shows exactly the granted shops. On both providers.
/// </summary>
public sealed class ShopScopeMatrixTests
{
    /// <summary>Every right a merchant-wide command needs, so the refusal can only come from the shop limit.</summary>
    private static readonly Permission[] Broad =
    [
        Permission.DashboardView, Permission.ShopsView, Permission.CatalogView, Permission.CatalogEdit, Permission.PricesEdit,
        Permission.StockView, Permission.StockAdjust, Permission.ScoresView, Permission.CampaignsView, Permission.CampaignsRegister,
    ];

    private sealed record Scoped(SeededWorld World, string Member, string Agency, long DelegationId, long Sku, long ThirdShop);

    /// <summary>The demo world plus a member limited to the first shop (admin role) and the agency's delegation widened to write rights on two shops.</summary>
    private static async Task<Scoped> ArrangeAsync(DatabaseProvider provider)
    {
        var world = await SeededWorld.CreateAsync(provider);
        var member = Guid.NewGuid().ToString();
        await using var db = world.Db();
        db.Users.Add(new AppUser
        {
            Id = member, UserName = "scoped@demo.ks", NormalizedUserName = "SCOPED@DEMO.KS", Email = "scoped@demo.ks", NormalizedEmail = "SCOPED@DEMO.KS",
            EmailConfirmed = true, DisplayName = "限店管理员", SecurityStamp = Guid.NewGuid().ToString(),
        });
        var membership = new Membership { UserId = member, OrganisationId = world.Merchant, RoleId = BuiltInRoles.Admin, AllShops = false, CreatedAt = world.Clock.GetUtcNow().UtcDateTime };
        db.Memberships.Add(membership);
        await db.SaveChangesAsync();
        db.MembershipShops.Add(new MembershipShop { MembershipId = membership.Id, ShopId = world.Shops[0] });
        // A delegation as a merchant might have stored it: write rights, and even an own-only right that must never apply.
        var delegation = await db.Delegations.AsTracking().SingleAsync(d => d.MerchantId == world.Merchant && d.Status == DelegationStatus.Active);
        delegation.Permissions = PermissionCodes.FormatList([.. Broad, Permission.AuditView, Permission.StaffManage]);
        await db.SaveChangesAsync();
        Assert.False(delegation.AllShops);
        var delegatedShops = await db.DelegationShops.Where(s => s.DelegationId == delegation.Id).Select(s => s.ShopId).ToListAsync();
        Assert.Equal(2, delegatedShops.Count);

        var sku = await db.Listings.Where(l => l.ShopId == world.Shops[0]).Select(l => l.SkuId)
            .FirstAsync(id => db.Listings.Any(l => l.SkuId == id && !delegatedShops.Contains(l.ShopId)));
        var agency = await world.Services.UserIdAsync("agency@demo.ks");
        foreach (var user in new[] { member, agency })
            await world.Services.Workspaces.SwitchAsync(user, world.Merchant, null);
        return new Scoped(world, member, agency, delegation.Id, sku, world.Shops.Single(s => !delegatedShops.Contains(s)));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Shop_limited_grants_are_refused_every_merchant_wide_change_and_nothing_changes(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var world = s.World;
        var services = world.Services;
        var csv = Encoding.UTF8.GetBytes("SKU编码,数量\nX,1\n");
        var commands = new (string Name, Func<string, Task> Run)[]
        {
            ("stock.adjust", u => services.Stock.AdjustAsync(u, s.Sku, 5, "盘点差异")),
            ("stock.threshold", u => services.Stock.SetLowStockThresholdAsync(u, s.Sku, 7)),
            ("catalog.sku-edit", u => services.CatalogEdits.UpdateSkuAsync(u, s.Sku, new SkuEdit("规格:改", null, 100, 9900, 100, null))),
            ("import.stock", u => services.Imports.PreviewAsync(u, ImportKind.Stock, StockImportMode.SetOnHand, csv, "stock.csv")),
            ("import.catalog", u => services.Imports.PreviewAsync(u, ImportKind.Catalog, StockImportMode.SetOnHand, csv, "catalog.csv")),
            ("import.prices", u => services.Imports.PreviewAsync(u, ImportKind.Prices, StockImportMode.SetOnHand, csv, "prices.csv")),
            ("staff.list", u => services.Staff.ListAsync(u, world.Merchant)),
            ("staff.invite", u => services.Staff.InviteAsync(u, world.Merchant, "new@x.ks", new StaffAssignment(BuiltInRoles.Analyst, false, [world.Shops[0]]))),
            ("roles.save", u => services.Staff.SaveRoleAsync(u, world.Merchant, null, "店长", "Manager", [Permission.DashboardView])),
        };
        await using var db = world.Db();
        var stockBefore = await db.StockItems.AsNoTracking().SingleAsync(x => x.SkuId == s.Sku);
        var skuBefore = await db.Skus.AsNoTracking().SingleAsync(x => x.Id == s.Sku);
        var changesBefore = await db.AuditLog.CountAsync(a => a.Action != AuditActions.AccessDenied && a.Action != AuditActions.WorkspaceSwitched);

        var leaks = new List<string>();
        foreach (var (name, run) in commands)
        foreach (var user in new[] { s.Member, s.Agency })
        {
            try
            {
                await run(user);
                leaks.Add($"{name} by {(user == s.Member ? "shop-limited member" : "agency")}: allowed");
            }
            catch (AccessDeniedException) { }
        }
        Assert.True(leaks.Count == 0, string.Join(Environment.NewLine, leaks));

        Assert.Equal(stockBefore.OnHand, (await db.StockItems.AsNoTracking().SingleAsync(x => x.SkuId == s.Sku)).OnHand);
        Assert.Equal(stockBefore.LowStockThreshold, (await db.StockItems.AsNoTracking().SingleAsync(x => x.SkuId == s.Sku)).LowStockThreshold);
        Assert.Equal(skuBefore.Attributes, (await db.Skus.AsNoTracking().SingleAsync(x => x.Id == s.Sku)).Attributes);
        Assert.Equal(changesBefore, await db.AuditLog.CountAsync(a => a.Action != AuditActions.AccessDenied && a.Action != AuditActions.WorkspaceSwitched));
        Assert.Equal(commands.Length * 2, await db.AuditLog.CountAsync(a => a.Action == AuditActions.AccessDenied && (a.ActorUserId == s.Member || a.ActorUserId == s.Agency)));

        // The same people keep exactly their shops: the member edits a card of its shop, not of another.
        var own = await db.Listings.AsNoTracking().FirstAsync(l => l.ShopId == world.Shops[0]);
        var other = await db.Listings.AsNoTracking().FirstAsync(l => l.ShopId == s.ThirdShop);
        await services.CatalogEdits.UpdateListingAsync(s.Member, own.Id, own.Title, own.PriceFen + 100, own.OnShelf);
        await Assert.ThrowsAsync<AccessDeniedException>(() => services.CatalogEdits.UpdateListingAsync(s.Member, other.Id, other.Title, other.PriceFen + 100, other.OnShelf));
        // An owner over all shops may run the merchant-wide ones.
        await services.Stock.SetLowStockThresholdAsync(world.Owner, s.Sku, 7);
        Assert.Equal(7, (await db.StockItems.AsNoTracking().SingleAsync(x => x.SkuId == s.Sku)).LowStockThreshold);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Shop_limited_reads_show_exactly_the_granted_shops(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var world = s.World;
        await using var db = world.Db();
        var thirdName = await db.Shops.Where(x => x.Id == s.ThirdShop).Select(x => x.Name).SingleAsync();
        var thirdListings = await db.Listings.CountAsync(l => l.ShopId == s.ThirdShop);
        Assert.True(thirdListings > 0);

        var leaks = new List<string>();
        foreach (var (who, user, shops) in new[] { ("member", s.Member, new[] { world.Shops[0] }), ("agency", s.Agency, world.Shops.Where(x => x != s.ThirdShop).ToArray()) })
        {
            var sku = await world.Services.StockViews.SkuAsync(user, s.Sku);
            Assert.NotNull(sku);
            leaks.AddRange(sku.Shops.Where(x => !shops.Contains(x.ShopId)).Select(x => $"{who}: SKU page quota of shop {x.ShopName}"));
            leaks.AddRange(sku.Listings.Where(x => !shops.Contains(x.ShopId)).Select(x => $"{who}: SKU page card of shop {x.ShopName}"));
            Assert.False(sku.CanAdjust || sku.CanEditCatalog || sku.CanEditPrices); // merchant-wide edits are not offered

            using var file = new MemoryStream();
            await world.Services.Exports.ExportAsync(user, ImportKind.Prices, SheetFormat.Csv, file);
            var lines = Encoding.UTF8.GetString(file.ToArray()).Split('\n');
            leaks.AddRange(lines.Where(l => l.Split(',').ElementAtOrDefault(1) == thirdName).Take(3).Select(l => $"{who}: price export row {l.Trim()}"));

            var cards = await world.Services.Catalog.ListCardsAsync(user, null, new PageRequest(0, 500));
            leaks.AddRange(cards.Rows.Where(c => !shops.Contains(c.ShopId)).Take(3).Select(c => $"{who}: product card {c.Title} of shop {c.ShopName}"));
        }
        Assert.True(leaks.Count == 0, string.Join(Environment.NewLine, leaks));
        // Navigation offers the shop-limited member its shops' pages, not the organisation's own-only ones.
        var navigable = (await world.Services.Workspaces.ResolveAsync(s.Member)).NavigablePermissions();
        Assert.Contains(Permission.StockView, navigable);
        Assert.DoesNotContain(Permission.StaffManage, navigable);
        Assert.DoesNotContain(Permission.AuditView, navigable);
        Assert.DoesNotContain(Permission.AuditView, (await world.Services.Workspaces.ResolveAsync(s.Agency)).NavigablePermissions()); // stored, never applied

        // The owner (all shops) sees the third shop in every one of them.
        using var ownerFile = new MemoryStream();
        await world.Services.Exports.ExportAsync(world.Owner, ImportKind.Prices, SheetFormat.Csv, ownerFile);
        Assert.Contains($",{thirdName},", Encoding.UTF8.GetString(ownerFile.ToArray()));
        Assert.Contains((await world.Services.StockViews.SkuAsync(world.Owner, s.Sku))!.Listings, l => l.ShopId == s.ThirdShop);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Own_only_rights_never_come_through_a_delegation_and_nobody_grants_what_they_lack(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var world = s.World;
        var services = world.Services;
        await using var db = world.Db();
        var agencyOrg = await db.Organisations.Where(o => o.Kind == OrganisationKind.Agency).Select(o => o.Id).SingleAsync();
        var today = ShanghaiTime.Today(world.Clock);

        // audit.view is one of the own-only rights: never offered, never requested, never applied even when stored.
        Assert.DoesNotContain(Permission.AuditView, PermissionCodes.Delegable);
        Assert.All(PermissionCodes.OwnOnly, p => Assert.DoesNotContain(p, PermissionCodes.Delegable));
        await Assert.ThrowsAsync<DomainException>(() => services.Delegations.RequestAsync(s.Agency, agencyOrg, world.Merchant,
            new DelegationScope([Permission.AuditView], true, [], today.AddDays(5)), null));
        Assert.DoesNotContain((await services.AuditLog.ListAsync(s.Agency, new AuditFilter(), new PageRequest(0, 50))).Rows,
            r => r.OrganisationName == world.MerchantName);
        await Assert.ThrowsAsync<AccessDeniedException>(() => services.Staff.ListAsync(s.Agency, world.Merchant));

        // A member who may manage delegations but holds no stock.adjust cannot grant it.
        var manager = Guid.NewGuid().ToString();
        db.Users.Add(new AppUser { Id = manager, UserName = "dm@demo.ks", Email = "dm@demo.ks", EmailConfirmed = true, DisplayName = "授权专员", SecurityStamp = Guid.NewGuid().ToString() });
        await db.SaveChangesAsync();
        var role = await services.Staff.SaveRoleAsync(world.Owner, world.Merchant, null, "授权专员", "Delegation manager",
            [Permission.DashboardView, Permission.DelegationsManage]);
        db.Memberships.Add(new Membership { UserId = manager, OrganisationId = world.Merchant, RoleId = role, AllShops = true, CreatedAt = world.Clock.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync();
        var other = await db.Organisations.Where(o => o.Kind == OrganisationKind.Merchant && o.Id != world.Merchant).Select(o => o.Id).FirstAsync();
        await db.Delegations.Where(d => d.Id == s.DelegationId).ExecuteUpdateAsync(d => d.SetProperty(x => x.Status, DelegationStatus.Revoked));
        var request = await services.Delegations.RequestAsync(s.Agency, agencyOrg, world.Merchant,
            new DelegationScope([Permission.StockView, Permission.StockAdjust], true, [], today.AddDays(30)), null);
        var refused = await Assert.ThrowsAsync<AccessDeniedException>(() => services.Delegations.AcceptAsync(manager, request,
            new DelegationScope([Permission.StockView, Permission.StockAdjust], true, [], today.AddDays(30))));
        Assert.Contains("Adjust stock", refused.UserMessage.En);
        Assert.Equal(DelegationStatus.Requested, await db.Delegations.Where(d => d.Id == request).Select(d => d.Status).SingleAsync());
        // The owner holds both and may.
        await services.Delegations.AcceptAsync(world.Owner, request, new DelegationScope([Permission.StockView, Permission.StockAdjust], true, [], today.AddDays(30)));
        Assert.NotEqual(0, other);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Every_change_is_attributed_to_its_actor_and_the_delegation_it_went_through(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var world = s.World;
        var services = world.Services;
        await using var db = world.Db();
        var listing = await db.Listings.AsNoTracking().FirstAsync(l => l.ShopId == world.Shops[0]);
        var operatorId = await services.UserIdAsync("operator@demo.ks");

        await services.Stock.SetLowStockThresholdAsync(world.Owner, s.Sku, 9);                                       // owner
        var csv = Encoding.UTF8.GetBytes("SKU编码,数量\n" + await db.Skus.Where(x => x.Id == s.Sku).Select(x => x.Code).SingleAsync() + ",1\n");
        var plan = await services.Imports.PreviewAsync(world.Owner, ImportKind.Stock, StockImportMode.AddReceived, csv, "receipt.csv");
        Assert.True((await services.Imports.ApplyAsync(world.Owner, plan)).Applied);                                  // owner's import
        await services.CatalogEdits.UpdateListingAsync(operatorId, listing.Id, listing.Title, listing.PriceFen + 1, listing.OnShelf); // operator
        await services.CatalogEdits.UpdateListingAsync(s.Agency, listing.Id, listing.Title, listing.PriceFen + 2, listing.OnShelf);  // agency

        var entries = await db.AuditLog.AsNoTracking().Where(a => a.Action == AuditActions.StockThresholdSet || a.Action == AuditActions.ImportStock
            || a.Action == AuditActions.ListingEdited).OrderBy(a => a.Id).ToListAsync();
        var ownerId = world.Owner;
        Assert.Collection(entries.TakeLast(4),
            e => Assert.Equal((ownerId, (long?)null, (long?)world.Merchant), (e.ActorUserId!, e.DelegationId, e.OrganisationId)),
            e => Assert.Equal((AuditActions.ImportStock, ownerId, (long?)null), (e.Action, e.ActorUserId!, e.DelegationId)),
            e => Assert.Equal((operatorId, (long?)null, (long?)listing.ShopId), (e.ActorUserId!, e.DelegationId, e.ShopId)),
            e => Assert.Equal((s.Agency, (long?)s.DelegationId, (long?)world.Merchant), (e.ActorUserId!, e.DelegationId, e.OrganisationId)));

        // The log reads as sentences in both languages, with the SKU code and the product's name.
        var rows = (await services.AuditLog.ListAsync(world.Owner, new AuditFilter(), new PageRequest(0, 20))).Rows;
        var threshold = rows.First(r => r.Action == AuditActions.StockThresholdSet).Sentence;
        var code = await db.Skus.Where(x => x.Id == s.Sku).Select(x => x.Code).SingleAsync();
        Assert.Matches($"^王老板 把 {code} .+ 的预警阈值从 \\d+ 改为 9$", threshold.Zh);
        Assert.Matches($"^王老板 changed the low-stock threshold of {code} .+ from \\d+ to 9$", threshold.En);
        var agencyRow = rows.First(r => r.Action == AuditActions.ListingEdited && r.AgencyName != null);
        Assert.Contains($"（{agencyRow.AgencyName}，代 {world.MerchantName}）", agencyRow.Sentence.Zh);
        Assert.Contains($" of {agencyRow.AgencyName} for {world.MerchantName}", agencyRow.Sentence.En);
        Assert.DoesNotContain(rows, r => r.Sentence.Zh.Contains(" · ")); // every action has its sentence
    }
}
