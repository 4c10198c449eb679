using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Inventory;

namespace KuaishouSeller.Web.Api;

/// <summary>A SKU's stock in the shared pool. <c>available</c> = on hand − reserved − campaign-locked.</summary>
public sealed record StockDto(long SkuId, string Code, string Title, string Attributes, int OnHand, int Reserved, int CampaignLocked,
    int QuotaAllocated, int Available, int LowStockThreshold, bool IsLow)
{
    public static StockDto From(StockRow r) => new(r.SkuId, r.Code, r.Title, r.Attributes, r.OnHand, r.Reserved, r.CampaignLocked,
        r.QuotaAllocated, r.Available, r.LowStockThreshold, r.IsLow);
}

/// <summary>The SKUs whose stock moved since a position of the stock ledger, and the position to ask from next time.</summary>
public sealed record StockChanges(IReadOnlyList<StockDto> Items, string Next);

/// <summary>Adds (positive) or removes (negative) physical stock, with the reason the ledger records.</summary>
public sealed record AdjustStockRequest(int? Delta, string? Reason);

public static class StockEndpoints
{
    public static void MapStockEndpoints(this RouteGroupBuilder api)
    {
        var stock = api.MapGroup("/stock").WithTags("Stock");

        stock.MapGet("", async (HttpContext http, StockQueries queries, int? limit, string? after, CancellationToken ct) =>
        {
            var take = ApiPaging.Limit(limit);
            var page = await queries.ListAsync(ApiCaller.From(http).Principal, new StockFilter(), new PageRequest(0, take, ApiPaging.Decode(after)), ct);
            return new Page<StockDto>(page.Rows.Select(StockDto.From).ToList(), page.Next is { } next ? ApiPaging.Encode(next) : null);
        }).Documented("listStock", "List the stock pool by SKU code, with cursor paging", Permission.StockView);

        stock.MapGet("/changes", async (HttpContext http, StockQueries queries, int? limit, string? since, CancellationToken ct) =>
        {
            var take = ApiPaging.Limit(limit);
            var position = ApiPaging.Decode(since, "since") is { } text ? long.TryParse(text, out var id) && id >= 0 ? id : throw ApiFieldException.Invalid("since") : 0;
            var (rows, next) = await queries.ChangedSinceAsync(ApiCaller.From(http).Principal, position, take, ct);
            return new StockChanges(rows.Select(StockDto.From).ToList(), ApiPaging.Encode(next.ToString()));
        }).Documented("listStockChanges", "List the SKUs whose stock moved since a ledger cursor (oldest first)", Permission.StockView);

        stock.MapGet("/{skuId:long}", async (HttpContext http, StockQueries queries, long skuId, CancellationToken ct) =>
        {
            var sku = await queries.SkuAsync(ApiCaller.From(http).Principal, skuId, ct) ?? throw new NotFoundException(ApiProblems.NotFound);
            return StockDto.From(sku.Stock);
        }).Documented("getStock", "Get one SKU's stock", Permission.StockView, validates: false);

        stock.MapPost("/{skuId:long}/adjustments", async (HttpContext http, StockService service, StockQueries queries, long skuId, AdjustStockRequest request, CancellationToken ct) =>
        {
            var delta = request.Delta ?? throw ApiFieldException.Required("delta");
            if (string.IsNullOrWhiteSpace(request.Reason)) throw ApiFieldException.Required("reason");
            var principal = ApiCaller.From(http).Principal;
            await service.AdjustAsync(principal, skuId, delta, request.Reason, ct);
            var sku = await queries.SkuAsync(principal, skuId, ct) ?? throw new NotFoundException(ApiProblems.NotFound);
            return StockDto.From(sku.Stock);
        }).Documented("adjustStock", "Adjust a SKU's on-hand stock (the ledger and the audit log record the key)", Permission.StockAdjust)
          .ProducesProblem(StatusCodes.Status409Conflict)
          .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
    }
}
