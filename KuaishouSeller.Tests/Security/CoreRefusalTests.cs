using System.Text;
using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Identity;
using KuaishouSeller.Core.Organisations;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Transfer;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Tests.Security;

/// <summary>The attacks of the security review that Core refuses: price changes through a catalog file, racing workspace rows, existence oracles.</summary>
public sealed class CoreRefusalTests
{
    private static async Task<string> MemberAsync(SeededWorld world, string email, params Permission[] permissions)
    {
        var role = await world.Services.Staff.SaveRoleAsync(world.Owner, world.Merchant, null, "角色" + Guid.NewGuid().ToString("N")[..6], "Role", permissions);
        await using var db = world.Db();
        var user = new AppUser { Id = Guid.NewGuid().ToString(), UserName = email, Email = email, EmailConfirmed = true, DisplayName = email, SecurityStamp = Guid.NewGuid().ToString() };
        db.Users.Add(user);
        db.Memberships.Add(new Membership { UserId = user.Id, OrganisationId = world.Merchant, RoleId = role, AllShops = true, CreatedAt = world.Clock.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync();
        await world.Services.Workspaces.SwitchAsync(user.Id, world.Merchant, null);
        return user.Id;
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_catalog_file_that_changes_a_list_price_needs_the_price_right(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var editor = await MemberAsync(world, "catalog-editor@demo.ks", Permission.CatalogView, Permission.CatalogEdit);
        await using var db = world.Db();
        var sku = await db.Skus.Where(s => s.MerchantId == world.Merchant).OrderBy(s => s.Code).FirstAsync();
        var spu = await db.Spus.SingleAsync(p => p.Id == sku.SpuId);
        var category = await db.Categories.SingleAsync(c => c.Id == spu.CategoryId);
        string File(decimal price, string attributes) => "商品编码,商品名称,类目,SKU编码,规格,售价\n" +
            $"{spu.Code},{spu.Title},{category.Code},{sku.Code},{attributes},{price}\n";

        var priced = await world.Services.Imports.PreviewAsync(editor, ImportKind.Catalog, StockImportMode.SetOnHand,
            Encoding.UTF8.GetBytes(File(sku.ListPriceFen / 100m + 1, sku.Attributes)), "catalog.csv");
        var issue = Assert.Single(priced.Issues);
        Assert.Contains("Change prices", issue.Message.En);
        Assert.False(priced.CanApply);
        await Assert.ThrowsAsync<DomainException>(() => world.Services.Imports.ApplyAsync(editor, priced));
        Assert.Equal(sku.ListPriceFen, (await db.Skus.AsNoTracking().SingleAsync(s => s.Id == sku.Id)).ListPriceFen);

        // The same file with the price as it is changes only what catalog.edit covers.
        var unpriced = await world.Services.Imports.PreviewAsync(editor, ImportKind.Catalog, StockImportMode.SetOnHand,
            Encoding.UTF8.GetBytes(File(sku.ListPriceFen / 100m, "规格:新")), "catalog.csv");
        Assert.Empty(unpriced.Issues);
        Assert.True((await world.Services.Imports.ApplyAsync(editor, unpriced)).Applied);
        Assert.Equal("规格:新", (await db.Skus.AsNoTracking().SingleAsync(s => s.Id == sku.Id)).Attributes);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Two_tabs_switching_at_once_leave_one_workspace_row_and_exports_keep_working(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var user = await MemberAsync(world, "two-tabs@demo.ks", Permission.CatalogView, Permission.StockView);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => world.Services.Workspaces.SwitchAsync(user, world.Merchant, world.Shops[1]))));
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => world.Services.Workspaces.SetFavouriteAsync(user, world.Merchant, null, true))));

        await using var db = world.Db();
        Assert.Equal(1, await db.Set<WorkspaceVisit>().CountAsync(v => v.UserId == user && v.ShopId == world.Shops[1]));
        Assert.Equal(1, await db.Set<WorkspaceVisit>().CountAsync(v => v.UserId == user && v.ShopId == null));
        // The database refuses a second row for the same key, for one shop and for "all shops" alike.
        foreach (var shop in new long?[] { world.Shops[1], null })
        {
            await using var raw = world.Db();
            raw.Add(new WorkspaceVisit { UserId = user, OrganisationId = world.Merchant, ShopId = shop });
            await Assert.ThrowsAsync<DbUpdateException>(() => raw.SaveChangesAsync());
        }
        using var file = new MemoryStream();
        await world.Services.Exports.ExportAsync(user, ImportKind.Stock, SheetFormat.Csv, file);
        Assert.True(file.Length > 100);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Another_merchants_shop_plan_answers_exactly_like_a_missing_one(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var creator = await world.Services.UserIdAsync("creator@demo.ks");
        var month = new DateOnly(2026, 11, 1);
        var foreign = await Assert.ThrowsAsync<NotFoundException>(() => world.Services.Plans.ShopAsync(creator, world.Shops[0], month));
        var missing = await Assert.ThrowsAsync<NotFoundException>(() => world.Services.Plans.ShopAsync(creator, long.MaxValue, month));
        Assert.Equal(missing.UserMessage, foreign.UserMessage);
        var foreignOrder = await Assert.ThrowsAsync<NotFoundException>(async () =>
        {
            await using var db = world.Db();
            var order = await db.Orders.Where(o => o.ShopId == world.Shops[0] && o.CreatorId == null).Select(o => o.Id).FirstAsync();
            await world.Services.OrderViews.DetailAsync(creator, order);
        });
        var missingOrder = await Assert.ThrowsAsync<NotFoundException>(() => world.Services.OrderViews.DetailAsync(creator, long.MaxValue));
        Assert.Equal(missingOrder.UserMessage, foreignOrder.UserMessage);
    }
}
