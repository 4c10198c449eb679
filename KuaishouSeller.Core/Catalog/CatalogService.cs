using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Auditing;
using KuaishouSeller.Core.Commands;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Inventory;
using KuaishouSeller.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Catalog;

/// <summary>The master fields of a SKU. Listings read them from the master, so one edit reaches every shop's product card.</summary>
public sealed record SkuEdit(string Attributes, string? Barcode, long CostFen, long ListPriceFen, int WeightGrams, string? ImageUrl);

/// <summary>Rules shared by single edits and bulk imports.</summary>
public static class CatalogRules
{
    public const int MaxTitle = 200;
    public const int MaxAttributes = 256;
    public const int MaxCode = 64;
    public const int MaxUrl = 256;

    /// <summary>An http(s) address, or a path on this site (the demo world's generated pictures).</summary>
    public static bool IsImageUrl(string url) =>
        (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https") ||
        (url.StartsWith('/') && !url.StartsWith("//") && Uri.IsWellFormedUriString(url, UriKind.Relative));

    public static Bilingual? Check(SkuEdit edit)
    {
        if (edit.Attributes.Length > MaxAttributes) return new($"规格不能超过 {MaxAttributes} 个字。", $"Attributes cannot be longer than {MaxAttributes} characters.");
        if (edit.Barcode is { Length: > MaxCode }) return new($"条码不能超过 {MaxCode} 个字。", $"The barcode cannot be longer than {MaxCode} characters.");
        if (edit.CostFen < 0 || edit.ListPriceFen <= 0) return new("成本不能为负，售价必须大于 0。", "Cost cannot be negative and the list price must be more than 0.");
        if (edit.WeightGrams is < 0 or > 1_000_000) return new("重量须在 0 到 1,000,000 克之间。", "The weight must be between 0 and 1,000,000 g.");
        if (edit.ImageUrl is { Length: > 0 } url && (url.Length > MaxUrl || !IsImageUrl(url)))
            return new("图片链接须以 http:// 或 https:// 开头，且不超过 256 个字。", "The image URL must start with http:// or https:// and be at most 256 characters.");
        return null;
    }
}

/// <summary>Edits of the master catalog and of shop listings, authorised per merchant and per shop, audited.</summary>
public sealed class CatalogService(CommandRunner commands)
{
    /// <summary>A master SKU is every shop's: catalog.edit (and prices.edit for its list price) over all shops.</summary>
    public Task UpdateSkuAsync(string userId, long skuId, SkuEdit edit, CancellationToken ct = default)
    {
        edit = edit with
        {
            Attributes = edit.Attributes.Trim(), Barcode = string.IsNullOrWhiteSpace(edit.Barcode) ? null : edit.Barcode.Trim(),
            ImageUrl = string.IsNullOrWhiteSpace(edit.ImageUrl) ? null : edit.ImageUrl.Trim(),
        };
        if (CatalogRules.Check(edit) is { } problem) throw new DomainException(problem);
        return commands.RunAsync(userId, AuditActions.SkuEdited, async c =>
        {
            var sku = await c.Db.Skus.AsTracking().FirstOrDefaultAsync(s => s.Id == skuId, c.Cancellation) ?? throw UnknownSku();
            if (edit.ListPriceFen != sku.ListPriceFen)
                await c.RequireAsync(Permission.PricesEdit, sku.MerchantId, ShopTarget.AllShops, foreignAs: UnknownSku());
            await c.RequireAsync(Permission.CatalogEdit, sku.MerchantId, ShopTarget.AllShops, foreignAs: UnknownSku());

            var before = Describe(sku);
            (sku.Attributes, sku.Barcode, sku.CostFen, sku.ListPriceFen, sku.WeightGrams, sku.ImageUrl) =
                (edit.Attributes, edit.Barcode, edit.CostFen, edit.ListPriceFen, edit.WeightGrams, edit.ImageUrl);
            var after = Describe(sku);
            var changed = after.Keys.Where(k => !Equals(before[k], after[k])).ToList();
            if (changed.Count == 0) return;
            c.Audit(await StockService.SkuSubjectAsync(c, skuId), changed.ToDictionary(k => k, k => before[k]), changed.ToDictionary(k => k, k => after[k]));
        }, ct);
    }

    /// <summary>A shop's own title and price for a master SKU (its product card): prices.edit for the price, catalog.edit for the rest, on that shop.</summary>
    public Task UpdateListingAsync(string userId, long listingId, string title, long priceFen, bool onShelf, CancellationToken ct = default)
    {
        title = title.Trim();
        if (title.Length is 0 or > CatalogRules.MaxTitle)
            throw new DomainException(new($"商品卡标题须为 1 到 {CatalogRules.MaxTitle} 个字。", $"The product card title must be 1 to {CatalogRules.MaxTitle} characters."));
        if (priceFen <= 0) throw new DomainException(new("价格必须大于 0。", "The price must be more than 0."));
        return commands.RunAsync(userId, AuditActions.ListingEdited, async c =>
        {
            var listing = await c.Db.Listings.AsTracking().FirstOrDefaultAsync(l => l.Id == listingId, c.Cancellation) ?? throw UnknownListing();
            var merchantId = await c.Db.Shops.Where(s => s.Id == listing.ShopId).Select(s => s.MerchantId).SingleAsync(c.Cancellation);
            var shop = ShopTarget.Shop(listing.ShopId);
            if (title != listing.Title || onShelf != listing.OnShelf)
                await c.RequireAsync(Permission.CatalogEdit, merchantId, shop, foreignAs: UnknownListing());
            if (priceFen != listing.PriceFen)
            {
                await c.RequireAsync(Permission.PricesEdit, merchantId, shop, foreignAs: UnknownListing());
                c.Db.ListingPriceChanges.Add(new ListingPriceChange
                {
                    ListingId = listingId, OldPriceFen = listing.PriceFen, NewPriceFen = priceFen, ChangedAt = c.Now, ChangedBy = c.Actor.DisplayName,
                });
            }
            else if (title == listing.Title && onShelf == listing.OnShelf) return;

            var before = new { title = listing.Title, priceFen = listing.PriceFen, onShelf = listing.OnShelf };
            (listing.Title, listing.PriceFen, listing.OnShelf) = (title, priceFen, onShelf);
            c.Audit(new AuditSubject("Listing", listingId.ToString(), title), before, new { title, priceFen, onShelf }, shopId: listing.ShopId);
        }, ct);
    }

    private static Dictionary<string, object?> Describe(Sku s) => new()
    {
        ["attributes"] = s.Attributes, ["barcode"] = s.Barcode, ["costFen"] = s.CostFen, ["listPriceFen"] = s.ListPriceFen,
        ["weightGrams"] = s.WeightGrams, ["imageUrl"] = s.ImageUrl,
    };

    private static NotFoundException UnknownSku() => NotFoundException.Of(" SKU", "SKU");
    private static NotFoundException UnknownListing() => NotFoundException.Of("商品卡", "product card");
}
