using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.AfterSales;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Orders;

namespace KuaishouSeller.Web.Api;

/// <summary>An after-sale request: kind refundOnly, returnAndRefund or exchange; the reason; the amount in fen (0 for an exchange).</summary>
public sealed record CreateAfterSaleRequest(long? OrderId, string? Kind, string? Reason, long? AmountFen, string? BuyerWords);

/// <summary>The merchant's decision: accept, reject (with a reason), askReturn, restock or writeOff.</summary>
public sealed record AfterSaleDecisionRequest(string? Action, string? Reason);

/// <summary>An after-sale request and the deadline of its current stage; the buyer's name is masked.</summary>
public sealed record AfterSaleDto(long Id, long OrderId, string OrderNo, long ShopId, string ShopName, string Product, string Kind, string Reason, string State,
    long AmountFen, string BuyerName, DateTime RequestedAt, DateTime? DueAt)
{
    public static AfterSaleDto From(AfterSaleRow r) => new(r.Id, r.OrderId, r.OrderNo, r.ShopId, r.ShopName, r.Product, OrderApi.Camel(r.Kind.ToString()),
        OrderApi.Camel(r.Reason.ToString()), OrderApi.Camel(r.Status.ToString()), r.AmountFen, r.BuyerName, r.RequestedAt, r.DueAt);
}

public static class AfterSaleEndpoints
{
    public static void MapAfterSaleEndpoints(this RouteGroupBuilder api)
    {
        var afterSales = api.MapGroup("/after-sales").WithTags("After-sales");

        afterSales.MapPost("", async (HttpContext http, AfterSaleRequests requests, AfterSaleQueries queries, CreateAfterSaleRequest request, CancellationToken ct) =>
        {
            var orderId = request.OrderId ?? throw ApiFieldException.Required("orderId");
            var kind = OrderApi.Enum<RefundKind>(request.Kind ?? throw ApiFieldException.Required("kind"), "kind")!.Value;
            var reason = OrderApi.Enum<RefundReason>(request.Reason ?? throw ApiFieldException.Required("reason"), "reason")!.Value;
            var amount = request.AmountFen ?? (kind == RefundKind.Exchange ? 0 : throw ApiFieldException.Required("amountFen"));
            var principal = ApiCaller.From(http).Principal;
            var id = await requests.RequestAsync(principal, new AfterSaleRequest(orderId, kind, reason, amount, request.BuyerWords), ct);
            return Results.Created($"{ApiSetup.Prefix}/after-sales/{id}", AfterSaleDto.From((await queries.GetAsync(principal, id, ct)).Row));
        }).Documented("createAfterSale", "Hand in a buyer's after-sale request on a shipped order (refundOnly, returnAndRefund, exchange)", Permission.AfterSalesHandle)
          .Produces<AfterSaleDto>(StatusCodes.Status201Created)
          .Produces<AfterSaleDto>()
          .ProducesProblem(StatusCodes.Status409Conflict)
          .ProducesProblem(StatusCodes.Status413PayloadTooLarge);

        afterSales.MapGet("", async (HttpContext http, AfterSaleQueries queries, string? stage, string? kind, long? shopId, int? limit, string? after,
            CancellationToken ct) =>
        {
            var take = ApiPaging.Limit(limit);
            var filter = new AfterSaleFilter(OrderApi.Enum<AfterSaleStage>(stage, "stage") ?? AfterSaleStage.Open, OrderApi.Enum<RefundKind>(kind, "kind"), shopId);
            var page = await queries.ListAsync(ApiCaller.From(http).Principal, filter, new PageRequest(0, take, ApiPaging.Decode(after)), ct);
            return new Page<AfterSaleDto>(page.Rows.Select(AfterSaleDto.From).ToList(), page.Next is { } next ? ApiPaging.Encode(next) : null);
        }).Documented("listAfterSales", "List after-sale requests, nearest deadline first, with cursor paging; filter by stage (open, toAnswer, awaitingReturn, "
                                        + "returnInTransit, toInspect, done, rejected, closed, all), kind and shop", Permission.AfterSalesHandle);

        afterSales.MapPost("/{afterSaleId:long}/decision", async (HttpContext http, AfterSaleCommands commands, AfterSaleQueries queries, long afterSaleId,
            AfterSaleDecisionRequest request, CancellationToken ct) =>
        {
            var principal = ApiCaller.From(http).Principal;
            var action = OrderApi.Enum<RefundAction>(request.Action ?? throw ApiFieldException.Required("action"), "action");
            switch (action)
            {
                case RefundAction.Accept: await commands.AcceptAsync(principal, afterSaleId, ct); break;
                case RefundAction.Reject:
                    if (string.IsNullOrWhiteSpace(request.Reason)) throw ApiFieldException.Required("reason");
                    await commands.RejectAsync(principal, afterSaleId, request.Reason, ct);
                    break;
                case RefundAction.AskReturn: await commands.AskReturnAsync(principal, afterSaleId, ct); break;
                case RefundAction.Restock: await commands.RestockAsync(principal, afterSaleId, ct); break;
                case RefundAction.WriteOff: await commands.WriteOffAsync(principal, afterSaleId, ct); break;
                default: throw ApiFieldException.Invalid("action");
            }
            return AfterSaleDto.From((await queries.GetAsync(principal, afterSaleId, ct)).Row);
        }).Documented("decideAfterSale", "Decide an after-sale request: accept, reject (with a reason), askReturn, restock or writeOff; 409 when it moved first",
                Permission.AfterSalesHandle)
          .ProducesProblem(StatusCodes.Status409Conflict)
          .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
    }
}
