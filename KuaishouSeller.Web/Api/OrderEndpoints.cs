using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Orders;
using Microsoft.AspNetCore.Mvc;

namespace KuaishouSeller.Web.Api;

/// <summary>An order as the API shows it (one line of what was handed in). Money in fen; times UTC; the buyer masked.</summary>
public sealed record OrderDto(long Id, string OrderNo, string State, long ShopId, string ShopName, long SkuId, string SkuCode, string Title, int Quantity,
    long AmountFen, string Channel, DateTime PaidAt, DateTime PickupDueAt, DateTime DeliveryDueAt, DateTime? ShippedAt, DateTime? PickedUpAt,
    DateTime? DeliveredAt, string? Carrier, string? WaybillNo, DateTime? CancelledAt, string? CancelReason)
{
    public static OrderDto From(OrderDetail d) => new(d.Id, d.OrderNo, OrderApi.State(d.Status), d.ShopId, d.ShopName, d.SkuId, d.SkuCode, d.ListingTitle,
        d.Quantity, d.AmountFen, OrderApi.Camel(d.Channel.ToString()), d.PaidAt, d.Fulfilment.PickupDueAt, d.Fulfilment.DeliveryDueAt, d.ShippedAt, d.PickedUpAt,
        d.DeliveredAt, d.Fulfilment.Carrier is { } c ? Carriers.Of(c).Code : null, d.Fulfilment.WaybillNo, d.Fulfilment.CancelledAt, d.Fulfilment.CancelReason);
}

/// <summary>A row of the order list; the buyer's name and phone are masked.</summary>
public sealed record OrderRowDto(long Id, string OrderNo, string State, long ShopId, string ShopName, string SkuCode, string Title, int Quantity, long AmountFen,
    DateTime PaidAt, DateTime PickupDueAt, DateTime? ShippedAt, string? Carrier, string? WaybillNo, string? BuyerName, string? BuyerPhone);

/// <summary>One (sub-)order an intake created.</summary>
public sealed record CreatedLineDto(long Id, string OrderNo, string SkuCode, int Quantity, long AmountFen, string State, DateTime PaidAt, DateTime PickupDueAt);

/// <summary>
/// The answer to an order intake: <c>id</c>, <c>orderNo</c> and <c>state</c> of its first (usually only) order, the
/// intake id and external id, and every order it created, one per line. A retry answers the same body with 200.
/// </summary>
public sealed record CreatedOrderDto(long Id, string OrderNo, string State, long IntakeId, long ShopId, string ExternalId, bool Replayed,
    IReadOnlyList<CreatedLineDto> Orders);

public sealed record ShipOrderRequest(string? Carrier, string? Waybill);
public sealed record CancelOrderRequest(string? Reason);

internal static class OrderApi
{
    public static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
    public static string State(OrderStatus status) => Camel(status.ToString());

    public static Carrier Carrier(string? text, string field = "carrier") =>
        string.IsNullOrWhiteSpace(text) ? throw ApiFieldException.Required(field) : Carriers.Parse(text) ?? throw ApiFieldException.Invalid(field);

    public static T? Enum<T>(string? text, string field) where T : struct, System.Enum =>
        text is null ? null
        : System.Enum.TryParse<T>(text, ignoreCase: true, out var value) && System.Enum.IsDefined(value) && !int.TryParse(text, out _) ? value
        : throw ApiFieldException.Invalid(field);
}

public static class OrderEndpoints
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public static void MapOrderEndpoints(this RouteGroupBuilder api)
    {
        var orders = api.MapGroup("/orders").WithTags("Orders");

        orders.MapPost("", async (HttpContext http, OrderIntake intake, IntakeRequest request, [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey,
            CancellationToken ct) =>
        {
            var result = await intake.SubmitAsync(ApiCaller.From(http).Principal, request, idempotencyKey, ct);
            var first = result.Orders[0];
            var body = new CreatedOrderDto(first.Id, first.OrderNo, OrderApi.State(first.Status), result.IntakeId, result.ShopId, result.ExternalId, !result.Created,
                result.Orders.Select(o => new CreatedLineDto(o.Id, o.OrderNo, o.SkuCode, o.Quantity, o.AmountFen, OrderApi.State(o.Status), o.PaidAt, o.PickupDueAt)).ToList());
            return result.Created ? Results.Created($"{ApiSetup.Prefix}/orders/{first.Id}", body) : Results.Ok(body);
        }).Documented("createOrder", "Hand in a paid order: its stock is reserved (the shop's quota, else the shared pool) or 409 says what is left; "
                                     + "an Idempotency-Key header or the same external id answers a retry with the same order (200)", Permission.OrdersFulfil, scopeInCore: true)
          .Produces<CreatedOrderDto>(StatusCodes.Status201Created)
          .Produces<CreatedOrderDto>()
          .ProducesProblem(StatusCodes.Status409Conflict)
          .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
          .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        orders.MapGet("", async (HttpContext http, OrderListQueries queries, string? state, long? shopId, long? accountId, string? channel, long? creatorId,
            DateOnly? paidFrom, DateOnly? paidTo, string? search, int? limit, string? after, CancellationToken ct) =>
        {
            var take = ApiPaging.Limit(limit);
            var filter = new OrderFilter
            {
                State = OrderApi.Enum<OrderListState>(state, "state") ?? OrderListState.All, ShopId = shopId, SellingAccountId = accountId,
                Channel = OrderApi.Enum<SalesChannel>(channel, "channel"), CreatorId = creatorId, PaidFrom = paidFrom, PaidTo = paidTo, Search = search,
            };
            var cursor = ApiPaging.Decode(after);
            if (cursor is not null && !cursor.StartsWith('a')) throw ApiFieldException.Invalid("after");
            var page = await queries.ListAsync(ApiCaller.From(http).Principal, filter, cursor, take, ct);
            return new Page<OrderRowDto>(page.Rows.Select(r => new OrderRowDto(r.Id, r.OrderNo, OrderApi.State(r.Status), r.ShopId, r.ShopName, r.SkuCode, r.Title,
                    r.Quantity, r.AmountFen, r.PaidAt, r.PickupDueAt, r.ShippedAt, r.Carrier is { } c ? Carriers.Of(c).Code : null, r.WaybillNo, r.Buyer?.Name, r.Buyer?.Phone))
                .ToList(), page.Next is { } next ? ApiPaging.Encode(next) : null);
        }).Documented("listOrders", "List orders, newest paid first, with cursor paging; filter by state (toShip, inTransit, delivered, cancelled), shop, "
                                    + "account, channel, creator, paid days or an order number / waybill", Permission.OrdersView);

        orders.MapGet("/{orderId:long}", async (HttpContext http, OrderQueries queries, long orderId, CancellationToken ct) =>
                OrderDto.From(await queries.DetailAsync(ApiCaller.From(http).Principal, orderId, ct)))
            .Documented("getOrder", "Get one order with its deadlines and fulfilment", Permission.OrdersView, validates: false);

        orders.MapPost("/{orderId:long}/shipment", async (HttpContext http, OrderCommands commands, OrderQueries queries, long orderId, ShipOrderRequest request,
            CancellationToken ct) =>
        {
            var carrier = OrderApi.Carrier(request.Carrier);
            if (string.IsNullOrWhiteSpace(request.Waybill)) throw ApiFieldException.Required("waybill");
            var principal = ApiCaller.From(http).Principal;
            await commands.ShipAsync(principal, orderId, carrier, request.Waybill, ct);
            return OrderDto.From(await queries.DetailAsync(principal, orderId, ct));
        }).Documented("shipOrder", "Ship a paid order with its carrier (ZTO, YTO, SF, …) and waybill; 409 when someone shipped or cancelled it first",
                Permission.OrdersFulfil)
          .ProducesProblem(StatusCodes.Status409Conflict)
          .ProducesProblem(StatusCodes.Status413PayloadTooLarge);

        orders.MapPost("/{orderId:long}/cancellation", async (HttpContext http, OrderCommands commands, OrderQueries queries, long orderId, CancelOrderRequest request,
            CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(request.Reason)) throw ApiFieldException.Required("reason");
            var principal = ApiCaller.From(http).Principal;
            await commands.CancelAsync(principal, orderId, request.Reason, ct);
            return OrderDto.From(await queries.DetailAsync(principal, orderId, ct));
        }).Documented("cancelOrder", "Cancel an unshipped order with a reason; its reservation goes back to the quota or pool it came from", Permission.OrdersFulfil)
          .ProducesProblem(StatusCodes.Status409Conflict)
          .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
    }
}
