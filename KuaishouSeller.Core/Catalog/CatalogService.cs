using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Auditing;
using KuaishouSeller.Core.Common;
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
public sealed class CatalogService(IDbContextFactory<AppDbContext> contexts, AccessService access, AuditTrail audit, TimeProvider clock)
{
    public async Task UpdateSkuAsync(string userId, long skuId, SkuEdit edit, CancellationToken ct = default)
    {
        edit = edit with
        {
            Attributes = edit.Attributes.Trim(), Barcode = string.IsNullOrWhiteSpace(edit.Barcode) ? null : edit.Barcode.Trim(),
            ImageUrl = string.IsNullOrWhiteSpace(edit.ImageUrl) ? null : edit.ImageUrl.Trim(),
        };
        if (CatalogRules.Check(edit) is { } problem) throw new DomainException(problem);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var sku = await db.Skus.AsTracking().FirstOrDefaultAsync(s => s.Id == skuId, ct) ?? throw new DomainException(new("找不到该 SKU。", "That SKU does not exist."));
        var actor = await access.ResolveAsync(db, userId, ct);
        var grant = await access.RequireAsync(actor, Permission.CatalogEdit, sku.MerchantId, null, $"catalog.edit sku={skuId}", ct);
        if (edit.ListPriceFen != sku.ListPriceFen)
            await access.RequireAsync(actor, Permission.PricesEdit, sku.MerchantId, null, $"prices.edit sku={skuId}", ct);

        var before = Describe(sku);
        (sku.Attributes, sku.Barcode, sku.CostFen, sku.ListPriceFen, sku.WeightGrams, sku.ImageUrl) =
            (edit.Attributes, edit.Barcode, edit.CostFen, edit.ListPriceFen, edit.WeightGrams, edit.ImageUrl);
        var after = Describe(sku);
        if (before == after) return;
        audit.Add(db, new AuditEntry
        {
            ActorUserId = userId, ActorName = actor.DisplayName, OrganisationId = sku.MerchantId, DelegationId = grant.DelegationId,
            Action = "catalog.sku-edited", EntityType = "Sku", EntityId = skuId.ToString(), Before = before, After = after,
        });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A shop's own title and price for a master SKU (its product card).</summary>
    public async Task UpdateListingAsync(string userId, long listingId, string title, long priceFen, bool onShelf, CancellationToken ct = default)
    {
        title = title.Trim();
        if (title.Length is 0 or > CatalogRules.MaxTitle)
            throw new DomainException(new($"商品卡标题须为 1 到 {CatalogRules.MaxTitle} 个字。", $"The product card title must be 1 to {CatalogRules.MaxTitle} characters."));
        if (priceFen <= 0) throw new DomainException(new("价格必须大于 0。", "The price must be more than 0."));
        await using var db = await contexts.CreateDbContextAsync(ct);
        var listing = await db.Listings.AsTracking().FirstOrDefaultAsync(l => l.Id == listingId, ct) ?? throw new DomainException(new("找不到该商品卡。", "That listing does not exist."));
        var merchantId = await db.Shops.Where(s => s.Id == listing.ShopId).Select(s => s.MerchantId).SingleAsync(ct);
        var actor = await access.ResolveAsync(db, userId, ct);
        var grant = await access.RequireAsync(actor, Permission.PricesEdit, merchantId, listing.ShopId, $"listing.edit listing={listingId}", ct);
        if (title != listing.Title || onShelf != listing.OnShelf)
            await access.RequireAsync(actor, Permission.CatalogEdit, merchantId, listing.ShopId, $"listing.edit listing={listingId}", ct);

        var before = $"{listing.Title} | {Money.Format(listing.PriceFen)} | {(listing.OnShelf ? "on shelf" : "off shelf")}";
        if (priceFen != listing.PriceFen)
            db.ListingPriceChanges.Add(new ListingPriceChange
            {
                ListingId = listingId, OldPriceFen = listing.PriceFen, NewPriceFen = priceFen, ChangedAt = clock.GetUtcNow().UtcDateTime, ChangedBy = actor.DisplayName,
            });
        (listing.Title, listing.PriceFen, listing.OnShelf) = (title, priceFen, onShelf);
        var after = $"{listing.Title} | {Money.Format(listing.PriceFen)} | {(listing.OnShelf ? "on shelf" : "off shelf")}";
        if (before == after) return;
        audit.Add(db, new AuditEntry
        {
            ActorUserId = userId, ActorName = actor.DisplayName, OrganisationId = merchantId, ShopId = listing.ShopId, DelegationId = grant.DelegationId,
            Action = "catalog.listing-edited", EntityType = "Listing", EntityId = listingId.ToString(), Before = before, After = after,
        });
        await db.SaveChangesAsync(ct);
    }

    private static string Describe(Sku s) =>
        $"{s.Attributes} | {s.Barcode} | cost {Money.Format(s.CostFen)} | price {Money.Format(s.ListPriceFen)} | {s.WeightGrams} g | {s.ImageUrl}";
}
