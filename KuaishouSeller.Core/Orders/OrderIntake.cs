using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Inventory;

namespace KuaishouSeller.Core.Orders;

/// <summary>One line of an order handed in: the merchant's SKU code, how many, and the unit price paid (yuan).</summary>
public sealed record IntakeLine(string? SkuCode, int? Quantity, decimal? UnitPrice);

/// <summary>
/// An order as another system hands it in. <see cref="AccountId"/> is the live room or video account it sold through,
/// <see cref="Channel"/> the field (selfBroadcastLive, shortVideo, creatorDistribution, shelf; guessed from the account
/// or creator when left out), <see cref="CreatorId"/> the creator who carried it.
/// </summary>
public sealed record IntakeRequest(long? ShopId, string? ExternalId, IReadOnlyList<IntakeLine>? Items, long? AccountId = null, string? Channel = null,
    long? CreatorId = null);

/// <summary>One (sub-)order an intake created: one per line.</summary>
public sealed record IntakeOrderLine(long Id, string OrderNo, string SkuCode, int Quantity, long AmountFen, OrderStatus Status, DateTime PaidAt,
    DateTime PickupDueAt);

/// <summary>What an intake answered: created now, or the same order again (a retry of the same key or external id).</summary>
public sealed record IntakeResult(bool Created, long IntakeId, long ShopId, string ExternalId, IReadOnlyList<IntakeOrderLine> Orders);

/// <summary>A request field that is missing or wrong: the API answers 400 naming it.</summary>
public sealed class IntakeFieldException(string field, Bilingual message) : DomainException(message)
{
    public string Field { get; } = field;
}

/// <summary>The idempotency key came back with another request: the API answers 422 (the key, not the stock, is wrong).</summary>
public sealed class IdempotencyKeyReusedException() : DomainException(IntakeRules.KeyReused);

/// <summary>Audit actions and limits of the order intake, named once.</summary>
public static class IntakeRules
{
    public const string Created = "orders.created";
    public const int MaxLines = 50;
    public const int MaxQuantity = 10_000;
    /// <summary>¥1,000,000 a unit: above it a price is a typo (fen vs yuan), not a sale.</summary>
    public const decimal MaxUnitPrice = 1_000_000m;

    /// <summary>The channel when the request names none: a live room's account sells self-broadcast, a creator distributes, else the shelf.</summary>
    public static SalesChannel ChannelOf(string? channel, long? accountId, long? creatorId, string field = "channel")
    {
        if (channel is null) return creatorId is not null ? SalesChannel.CreatorDistribution : accountId is not null ? SalesChannel.SelfBroadcastLive : SalesChannel.Shelf;
        return Enum.TryParse<SalesChannel>(channel, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(channel, out _)
            ? parsed
            : throw new IntakeFieldException(field, new($"参数“{field}”应为 selfBroadcastLive、shortVideo、creatorDistribution 或 shelf。",
                $"The field '{field}' must be selfBroadcastLive, shortVideo, creatorDistribution or shelf."));
    }

    /// <summary>An order number no other node can hand out: the Beijing day and 64 random bits.</summary>
    public static string NewOrderNo(DateTime paidAtUtc) =>
        $"KA{ShanghaiTime.ToLocal(paidAtUtc):yyMMdd}{Convert.ToHexString(RandomNumberGenerator.GetBytes(8))}";

    public static Bilingual KeyReused => new("该 Idempotency-Key 已用于另一个不同的订单请求；重试请发送完全相同的请求体，新订单请换一个新的密钥。",
        "This Idempotency-Key was already used with a different request; a retry must send the same body, a new order needs a new key.");

    public static Bilingual ExternalIdReused(string externalId, string orderNo) =>
        new($"外部订单号“{externalId}”在该店铺已用于订单 {orderNo}（内容不同），未创建。",
            $"The external id \"{externalId}\" is already used in this shop by order {orderNo} with other contents; nothing was created.");

    public static Bilingual NotEnoughStock(string skuCode, int wanted, int left) =>
        new($"SKU“{skuCode}”库存不足：需要 {wanted} 件，仅剩 {left} 件可售，订单未创建。",
            $"Not enough stock of SKU \"{skuCode}\": {wanted} wanted, {left} left to sell; the order was not created.");
}

/// <summary>A request checked for shape (no database yet): trimmed fields, prices in fen, the hash retries are compared by.</summary>
internal sealed record CheckedIntake(long ShopId, string ExternalId, IReadOnlyList<CheckedLine> Lines, long? AccountId, SalesChannel Channel, long? CreatorId,
    string? IdempotencyKey, string BodyHash)
{
    public static CheckedIntake Of(IntakeRequest request, string? idempotencyKey)
    {
        var shopId = request.ShopId is { } s and > 0 ? s : throw Field("shopId", request.ShopId is null);
        var externalId = request.ExternalId?.Trim() ?? "";
        if (externalId.Length == 0) throw Field("externalId", true);
        if (externalId.Length > IntakeOrder.MaxExternalIdLength)
            throw new IntakeFieldException("externalId", new($"外部订单号最多 {IntakeOrder.MaxExternalIdLength} 个字符。",
                $"The external id can have at most {IntakeOrder.MaxExternalIdLength} characters."));
        string? key = null;
        if (idempotencyKey is not null)
        {
            key = idempotencyKey.Trim();
            if (key.Length is 0 or > IntakeOrder.MaxKeyLength || key.Any(char.IsControl))
                throw new IntakeFieldException("Idempotency-Key", new($"请求头 Idempotency-Key 应为 1–{IntakeOrder.MaxKeyLength} 个可见字符。",
                    $"The Idempotency-Key header must be 1 to {IntakeOrder.MaxKeyLength} visible characters."));
        }
        if (request.Items is not { Count: > 0 } items) throw Field("items", true);
        if (items.Count > IntakeRules.MaxLines)
            throw new IntakeFieldException("items", new($"一个订单最多 {IntakeRules.MaxLines} 行。", $"An order can have at most {IntakeRules.MaxLines} lines."));
        var lines = new List<CheckedLine>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i] ?? throw Field($"items[{i}]", true);
            var code = item.SkuCode?.Trim() ?? "";
            if (code.Length == 0) throw Field($"items[{i}].skuCode", true);
            if (item.Quantity is not { } quantity) throw Field($"items[{i}].quantity", true);
            if (quantity is < 1 or > IntakeRules.MaxQuantity)
                throw new IntakeFieldException($"items[{i}].quantity", new($"数量应在 1 到 {IntakeRules.MaxQuantity:N0} 之间。",
                    $"The quantity must be between 1 and {IntakeRules.MaxQuantity:N0}."));
            if (item.UnitPrice is not { } price) throw Field($"items[{i}].unitPrice", true);
            if (price < 0 || price > IntakeRules.MaxUnitPrice || decimal.Round(price, 2) != price)
                throw new IntakeFieldException($"items[{i}].unitPrice", new($"单价应为 0 到 {IntakeRules.MaxUnitPrice:N0} 元之间、最多两位小数。",
                    $"The unit price must be 0 to {IntakeRules.MaxUnitPrice:N0} yuan with at most two decimals."));
            if (lines.Any(l => string.Equals(l.SkuCode, code, StringComparison.Ordinal)))
                throw new IntakeFieldException($"items[{i}].skuCode", new($"SKU“{code}”在订单中重复，请合并为一行。", $"The SKU \"{code}\" repeats; put it on one line."));
            lines.Add(new CheckedLine(code, quantity, Money.FromYuan(price)));
        }
        if (request.AccountId is <= 0) throw Field("accountId", false);
        if (request.CreatorId is <= 0) throw Field("creatorId", false);
        var channel = IntakeRules.ChannelOf(request.Channel, request.AccountId, request.CreatorId);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            shopId, externalId, lines = lines.Select(l => new { l.SkuCode, l.Quantity, l.UnitFen }), request.AccountId, channel, request.CreatorId,
        }))));
        return new CheckedIntake(shopId, externalId, lines, request.AccountId, channel, request.CreatorId, key, hash);
    }

    private static IntakeFieldException Field(string field, bool missing) => missing
        ? new(field, new($"缺少参数“{field}”。", $"The field '{field}' is required."))
        : new(field, new($"参数“{field}”的值不正确。", $"The field '{field}' is not valid."));
}

internal sealed record CheckedLine(string SkuCode, int Quantity, long UnitFen);

/// <summary>
/// Order intake (open API, live rooms, storefronts): an order and its stock reservation land together or not at all,
/// exactly once per idempotency key and per external id of a shop however often and however concurrently it is sent.
/// The request is checked here, then settled by <see cref="IntakeBatcher"/> together with the requests for the same
/// SKUs arriving at the same moment: one transaction and one conditional UPDATE per SKU for all of them (a flash sale
/// of one SKU does not queue on its row once per order).
/// </summary>
public sealed class OrderIntake(IntakeBatcher batcher)
{
    /// <summary>
    /// Creates the order as the caller (an API key acts as its creator, within the key's rights), or answers the order
    /// an earlier identical request created. Refusals: a field (400), a shop outside the caller's scope (404), no
    /// orders.fulfil there (403), the key reused with another body (422), the external id reused with other contents
    /// or not enough stock (409, saying how many are left).
    /// </summary>
    public Task<IntakeResult> SubmitAsync(string userId, IntakeRequest request, string? idempotencyKey, CancellationToken ct = default)
    {
        var intake = CheckedIntake.Of(request, idempotencyKey);
        return batcher.SubmitAsync(userId, intake, ct);
    }
}

/// <summary>Where a reserved line's units came from, for the order's <see cref="Order.ReservedFrom"/> and the ledger's quota delta.</summary>
internal readonly record struct Bucket(long SkuId, long? QuotaShopId)
{
    public ReservationSource Source => QuotaShopId is null ? ReservationSource.Pool : ReservationSource.Quota;
}
