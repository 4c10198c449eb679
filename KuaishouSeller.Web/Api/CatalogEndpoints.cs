using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Catalog;

namespace KuaishouSeller.Web.Api;

/// <summary>A SKU of the master catalog. Prices in fen (1/100 CNY).</summary>
public sealed record ProductDto(long SkuId, string Code, string Title, string Attributes, string CategoryZh, string CategoryEn,
    long ListPriceFen, int OnHand, int Available, int LowStockThreshold);

/// <summary>A product card (listing) of one shop.</summary>
public sealed record ProductCardDto(long ListingId, long ShopId, string ShopName, string Title, long PriceFen, bool OnShelf,
    long SkuId, string SkuCode, string Attributes, string? ImageUrl, int Available);

public static class CatalogEndpoints
{
    public static void MapCatalogEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/products", async (HttpContext http, CatalogQueries queries, int? limit, string? after, string? search, CancellationToken ct) =>
        {
            var request = ApiPaging.Position(after, limit);
            var page = await queries.ListSkusAsync(ApiCaller.From(http).Principal, new SkuFilter(search), request, ct);
            return ApiPaging.ByPosition(page, request, r => new ProductDto(r.SkuId, r.Code, r.SpuTitle, r.Attributes, r.CategoryZh, r.CategoryEn,
                r.ListPriceFen, r.OnHand, r.Available, r.LowStockThreshold));
        }).WithTags("Products").Documented("listProducts", "List the SKUs of the master catalog by code", Permission.CatalogView);

        api.MapGet("/product-cards", async (HttpContext http, CatalogQueries queries, int? limit, string? after, string? search, CancellationToken ct) =>
        {
            var request = ApiPaging.Position(after, limit);
            var page = await queries.ListCardsAsync(ApiCaller.From(http).Principal, search, request, ct);
            return ApiPaging.ByPosition(page, request, c => new ProductCardDto(c.ListingId, c.ShopId, c.ShopName, c.Title, c.PriceFen, c.OnShelf,
                c.SkuId, c.SkuCode, c.Attributes, c.ImageUrl, c.Available));
        }).WithTags("Products").Documented("listProductCards", "List the product cards of the key's shops, newest first", Permission.CatalogView);
    }
}
