using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Orders;

namespace KuaishouSeller.Web.Api;

/// <summary>A carrier's scan: kind pickedUp (揽收) or delivered (签收), the time of the scan (UTC, default now).</summary>
public sealed record CarrierEventRequest(string? Carrier, string? Waybill, string? Kind, DateTime? At);

/// <summary>What the scan did: recorded, or already recorded (carriers resend), and the order as it stands.</summary>
public sealed record CarrierEventDto(long OrderId, string Result, string State);

public static class CarrierEndpoints
{
    public static void MapCarrierEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/carrier-events", async (HttpContext http, CarrierEvents events, OrderQueries queries, TimeProvider clock, CarrierEventRequest request,
            CancellationToken ct) =>
        {
            var carrier = OrderApi.Carrier(request.Carrier);
            if (string.IsNullOrWhiteSpace(request.Waybill)) throw ApiFieldException.Required("waybill");
            var kind = OrderApi.Enum<CarrierScanKind>(request.Kind ?? throw ApiFieldException.Required("kind"), "kind")!.Value;
            var at = request.At is { } given ? given.ToUniversalTime() : clock.GetUtcNow().UtcDateTime;
            var principal = ApiCaller.From(http).Principal;
            var (orderId, result) = await events.RecordAsync(principal, carrier, request.Waybill, kind, at, ct);
            var order = await queries.DetailAsync(principal, orderId, ct);
            return new CarrierEventDto(orderId, OrderApi.Camel(result.ToString()), OrderApi.State(order.Status));
        }).WithTags("Carrier")
          .Documented("recordCarrierEvent", "Record a carrier scan of a shipped parcel by its waybill (pickedUp, then delivered); a repeated scan changes nothing",
              Permission.OrdersFulfil)
          .ProducesProblem(StatusCodes.Status409Conflict)
          .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
    }
}
