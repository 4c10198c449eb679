namespace KuaishouSeller.Core.Orders;

/// <summary>The field a sale came from (全域经营 / 5S split).</summary>
public enum SalesChannel
{
    /// <summary>自播: the shop's own live room.</summary>
    SelfBroadcastLive = 1,
    /// <summary>短视频: a short video by the shop's own account.</summary>
    ShortVideo = 2,
    /// <summary>分销: a creator carried the goods.</summary>
    CreatorDistribution = 3,
    /// <summary>泛货架: shelf entrances (see <see cref="ShelfEntrance"/>).</summary>
    Shelf = 4,
}

public enum ShelfEntrance
{
    None = 0,
    ShopPage = 1,
    Mall = 2,
    Search = 3,
    BuyerHome = 4,
    GuessYouLike = 5,
}

public enum OrderStatus
{
    Paid = 1,
    Shipped = 2,
    Delivered = 3,
    Completed = 4,
    Cancelled = 5,
    Refunded = 6,
}

/// <summary>
/// A (sub-)order for one listing, the unit that scores, refunds and reviews refer to. Fulfilment
/// timestamps live on the row because every score and dashboard query reads them together.
/// </summary>
public class Order
{
    public long Id { get; set; }
    public string OrderNo { get; set; } = "";
    public long MerchantId { get; set; }
    public long ShopId { get; set; }
    public long ListingId { get; set; }
    public long SkuId { get; set; }
    /// <summary>The live room or video account the sale came through, if any.</summary>
    public long? SellingAccountId { get; set; }
    /// <summary>For creator distribution: the creator organisation that carried the goods.</summary>
    public long? CreatorId { get; set; }
    public SalesChannel Channel { get; set; }
    public ShelfEntrance Entrance { get; set; }
    public long BuyerId { get; set; }
    public int Quantity { get; set; }
    public long AmountFen { get; set; }
    /// <summary>Platform and creator commission charged on the order.</summary>
    public long CommissionFen { get; set; }
    public OrderStatus Status { get; set; }
    public DateTime PaidAt { get; set; }
    public DateTime? ShippedAt { get; set; }
    /// <summary>揽收: the carrier picked the parcel up.</summary>
    public DateTime? PickedUpAt { get; set; }
    public DateTime? DeliveredAt { get; set; }
}

public enum RefundReason
{
    QualityProblem = 1,
    NotAsDescribed = 2,
    DamagedInTransit = 3,
    WrongItem = 4,
    LateShipment = 5,
    ChangedMind = 6,
    Other = 7,
}

public enum RefundStatus { Requested = 1, Approved = 2, Rejected = 3 }

public class Refund
{
    public long Id { get; set; }
    public long OrderId { get; set; }
    public long ShopId { get; set; }
    public RefundReason Reason { get; set; }
    public RefundStatus Status { get; set; }
    public long AmountFen { get; set; }
    public DateTime RequestedAt { get; set; }
    public DateTime? ResolvedAt { get; set; }

    /// <summary>Refunds that count against product quality in the scores.</summary>
    public static bool IsQualityReason(RefundReason reason) =>
        reason is RefundReason.QualityProblem or RefundReason.NotAsDescribed or RefundReason.WrongItem;
}

public class Review
{
    public long Id { get; set; }
    public long OrderId { get; set; }
    public long ShopId { get; set; }
    public long ListingId { get; set; }
    /// <summary>1–5 stars.</summary>
    public int Rating { get; set; }
    public bool HasContent { get; set; }
    public DateTime CreatedAt { get; set; }
}

public enum ComplaintKind { ProductQuality = 1, Logistics = 2, Service = 3, FalseAdvertising = 4 }

public class Complaint
{
    public long Id { get; set; }
    public long OrderId { get; set; }
    public long ShopId { get; set; }
    public ComplaintKind Kind { get; set; }
    /// <summary>Platform ruled the complaint justified (counts against the shop).</summary>
    public bool Upheld { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>A buyer's customer-service chat; the first response time feeds the service dimension.</summary>
public class ChatSession
{
    public long Id { get; set; }
    public long ShopId { get; set; }
    public long BuyerId { get; set; }
    public DateTime StartedAt { get; set; }
    /// <summary>Seconds until the shop's first reply; null when nobody replied.</summary>
    public int? FirstResponseSeconds { get; set; }
}
