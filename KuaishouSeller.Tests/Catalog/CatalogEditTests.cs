using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Catalog;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Tests.Catalog;

/// <summary>One edit in the master reaches every listing; a shop's own title and price stay its own.</summary>
public sealed class CatalogEditTests
{
    [Fact]
    public async Task A_master_edit_reaches_every_shops_card_and_bad_edits_change_nothing()
    {
        await using var world = await SeededWorld.CreateAsync(DatabaseProvider.Sqlite);
        await using var db = world.Db();
        var sku = await db.Skus.Where(s => s.MerchantId == world.Merchant && db.Listings.Count(l => l.SkuId == s.Id) >= 2).OrderBy(s => s.Id).FirstAsync();
        var edit = new SkuEdit("颜色:雾蓝;尺码:L", "6901234567890", 3000, 12900, 450, "https://img.example.cn/blue.jpg");
        await world.Services.CatalogEdits.UpdateSkuAsync(world.Owner, sku.Id, edit);

        var detail = await world.Services.StockViews.SkuAsync(world.Owner, sku.Id);
        Assert.NotNull(detail);
        Assert.Equal(("颜色:雾蓝;尺码:L", "https://img.example.cn/blue.jpg"), (detail.Attributes, detail.ImageUrl));
        Assert.True(detail.Listings.Count >= 2); // every listing shows the master's attributes and image (read through the SKU)

        var bad = edit with { ImageUrl = "javascript:alert(1)" };
        var e = await Assert.ThrowsAsync<DomainException>(() => world.Services.CatalogEdits.UpdateSkuAsync(world.Owner, sku.Id, bad));
        Assert.Contains("http", e.UserMessage.En);
        await Assert.ThrowsAsync<DomainException>(() => world.Services.CatalogEdits.UpdateSkuAsync(world.Owner, sku.Id, edit with { ListPriceFen = 0 }));
        var agency = await world.Services.UserIdAsync("agency@demo.ks"); // its delegation may view the catalog, not edit it
        await Assert.ThrowsAsync<AccessDeniedException>(() => world.Services.CatalogEdits.UpdateSkuAsync(agency, sku.Id, edit with { CostFen = 1 }));
        await using var check = world.Db();
        Assert.Equal(3000, await check.Skus.Where(s => s.Id == sku.Id).Select(s => s.CostFen).SingleAsync());
        Assert.True(await check.AuditLog.AnyAsync(a => a.Action == "catalog.sku-edited" && a.EntityId == sku.Id.ToString()));

        // A shop's card keeps its own title and price.
        var listing = detail.Listings[1];
        await world.Services.CatalogEdits.UpdateListingAsync(world.Owner, listing.ListingId, "直播间专享 雾蓝 L", 9900, onShelf: true);
        var after = await world.Services.StockViews.SkuAsync(world.Owner, sku.Id);
        Assert.Equal(("直播间专享 雾蓝 L", 9900L), (after!.Listings[1].Title, after.Listings[1].PriceFen));
        Assert.Equal(detail.Listings[0].PriceFen, after.Listings[0].PriceFen);
        await Assert.ThrowsAsync<DomainException>(() => world.Services.CatalogEdits.UpdateListingAsync(world.Owner, listing.ListingId, " ", 9900, true));
    }
}
