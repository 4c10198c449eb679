using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Orders;

namespace KuaishouSeller.Core.DemoWorld;

/// <summary>One batch of generated facts, written together (orders before the rows that refer to them).</summary>
internal sealed class FactBatch
{
    public List<Order> Orders { get; } = new(DemoWorldPlan.BatchSize + 1000);
    public List<Refund> Refunds { get; } = [];
    public List<Review> Reviews { get; } = [];
    public List<Complaint> Complaints { get; } = [];
    public List<ChatSession> Chats { get; } = [];
}

/// <summary>
/// Generates ~180 days of orders and their facts (fulfilment, refunds, reviews, complaints, chats)
/// day by day and shop by shop, in batches, so any size streams through constant memory.
/// Shop quality drives shipping speed, refunds, ratings and reply times, so scores differ for real reasons.
/// </summary>
internal sealed class OrderStream(DemoWorldGenerator world, DemoWorldPlan plan, DateTime todayStartUtc)
{
    private static readonly ShelfEntrance[] Entrances = [ShelfEntrance.ShopPage, ShelfEntrance.Mall, ShelfEntrance.Search, ShelfEntrance.BuyerHome, ShelfEntrance.GuessYouLike];
    private static readonly double[] EntranceWeights = [0.2, 0.15, 0.3, 0.1, 0.25];
    private static readonly SalesChannel[] Channels = [SalesChannel.SelfBroadcastLive, SalesChannel.ShortVideo, SalesChannel.CreatorDistribution, SalesChannel.Shelf];
    // Live selling peaks in the evening; shelf and video orders are spread through the day.
    private static readonly double[] LiveHours = [1, 0.5, 0.2, 0.1, 0.1, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.2, 1.4, 1.2, 1, 1, 1.2, 1.5, 2, 3.5, 4.5, 5, 4, 2.5];
    private static readonly double[] DayHours = [0.6, 0.3, 0.2, 0.1, 0.1, 0.2, 0.4, 0.8, 1.2, 1.5, 1.6, 1.7, 2, 1.8, 1.6, 1.6, 1.7, 1.8, 2, 2.3, 2.5, 2.6, 2.2, 1.4];

    private readonly Random _rng = world.Random;
    private long _orderId, _refundId, _reviewId, _complaintId, _chatId;

    public long OrdersGenerated => _orderId;

    public IEnumerable<FactBatch> Batches()
    {
        var firstDay = ShanghaiTime.ToLocal(todayStartUtc).Date.AddDays(-plan.Days);
        var dayFactors = Enumerable.Range(0, plan.Days).Select(d => DayFactor(firstDay.AddDays(d), d)).ToArray();
        var totalWeight = world.ShopProfiles.Sum(p => p.Weight) * dayFactors.Sum();
        var perUnit = plan.Orders / totalWeight;

        var batch = new FactBatch();
        for (var d = 0; d < plan.Days; d++)
        {
            var dayStartUtc = ShanghaiTime.ToUtc(firstDay.AddDays(d));
            foreach (var shop in world.ShopProfiles)
            {
                if (shop.Listings.Length == 0 || dayStartUtc < shop.Shop.OpenedAt) continue;
                var expected = perUnit * shop.Weight * dayFactors[d];
                var count = (int)Math.Round(expected * (0.85 + _rng.NextDouble() * 0.3));
                for (var i = 0; i < count; i++)
                    AddOrder(batch, shop, dayStartUtc);
                AddChats(batch, shop, dayStartUtc, count);
            }
            if (batch.Orders.Count >= DemoWorldPlan.BatchSize)
            {
                yield return batch;
                batch = new FactBatch();
            }
        }
        if (batch.Orders.Count > 0) yield return batch;
    }

    /// <summary>Growth over the period, busier weekends and the big promotion days.</summary>
    private static double DayFactor(DateTime localDay, int index)
    {
        var factor = 0.7 + 0.6 * index / 180.0;
        if (localDay.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) factor *= 1.2;
        factor *= (localDay.Month, localDay.Day) switch
        {
            (6, 18) or (11, 11) => 3.2,
            (6, >= 1 and < 18) or (11, >= 1 and < 11) => 1.4,
            (8, 8) or (9, 9) => 1.8,
            _ => 1,
        };
        return factor;
    }

    private void AddOrder(FactBatch batch, ShopProfile shop, DateTime dayStartUtc)
    {
        var channel = Channels[Pick(shop.ChannelMix)];
        var listing = shop.Listings[(int)(shop.Listings.Length * Math.Pow(_rng.NextDouble(), 2.5))];
        var hours = channel is SalesChannel.SelfBroadcastLive or SalesChannel.CreatorDistribution ? LiveHours : DayHours;
        var paidAt = Seconds(dayStartUtc.AddHours(Pick(hours) + _rng.NextDouble()));
        var quantity = _rng.NextDouble() switch { < 0.8 => 1, < 0.95 => 2, _ => 3 };
        var amount = listing.PriceFen * quantity;
        CreatorProfile? creator = channel == SalesChannel.CreatorDistribution ? world.Creators[_rng.Next(world.Creators.Count)] : null;
        var commissionRate = 0.05 + (creator?.CommissionRate ?? 0);

        var order = new Order
        {
            Id = ++_orderId,
            OrderNo = $"KS{ShanghaiTime.ToLocal(paidAt):yyMMdd}{_orderId:D9}",
            MerchantId = shop.Shop.MerchantId,
            ShopId = shop.Shop.Id,
            ListingId = listing.ListingId,
            SkuId = listing.SkuId,
            SellingAccountId = channel switch
            {
                SalesChannel.SelfBroadcastLive or SalesChannel.ShortVideo => shop.LiveRooms[_rng.Next(shop.LiveRooms.Length)],
                SalesChannel.CreatorDistribution => creator!.AccountId,
                _ => null,
            },
            CreatorId = creator?.OrganisationId,
            Channel = channel,
            Entrance = channel == SalesChannel.Shelf ? Entrances[Pick(EntranceWeights)] : ShelfEntrance.None,
            BuyerId = 1 + _rng.Next(plan.Buyers),
            Quantity = quantity,
            AmountFen = amount,
            CommissionFen = (long)(amount * commissionRate),
            PaidAt = paidAt,
            Status = OrderStatus.Paid,
        };
        batch.Orders.Add(order);

        // Creators carry goods with their own track record; it blends with the shop's fulfilment.
        var quality = creator is null ? shop.Quality : (shop.Quality * 2 + creator.Quality) / 3;
        if (_rng.NextDouble() < 0.02)
        {
            order.Status = OrderStatus.Cancelled;
            return;
        }
        Fulfil(order, quality);
        AfterSale(batch, order, quality);
    }

    private void Fulfil(Order order, double quality)
    {
        var slow = 1 - quality; // 0.02 (excellent) … 0.45 (weak)
        var shipped = Seconds(order.PaidAt.AddHours(3 + _rng.NextDouble() * (20 + 140 * slow)));
        var pickedUp = Seconds(shipped.AddHours(0.5 + _rng.NextDouble() * (6 + 40 * slow)));
        var delivered = Seconds(pickedUp.AddHours(20 + _rng.NextDouble() * 70));
        // About one in a hundred orders of the last three days was forgotten in the warehouse: today's to-do list has
        // overdue orders to ship, as a real morning does.
        var forgotten = order.PaidAt > todayStartUtc.AddHours(-72) && order.Id % 97 == 0;
        if (shipped > todayStartUtc || forgotten) return;
        order.ShippedAt = shipped;
        order.Status = OrderStatus.Shipped;
        if (pickedUp > todayStartUtc) return;
        order.PickedUpAt = pickedUp;
        if (delivered > todayStartUtc) return;
        order.DeliveredAt = delivered;
        order.Status = delivered <= OrderDueRules.DeliveredBy(todayStartUtc) ? OrderStatus.Completed : OrderStatus.Delivered;

        // Deliberately impossible facts (delivered before shipped) for the data-quality report: three orders.
        if (order.Id is 1_001 or 2_002 or 3_003)
            order.DeliveredAt = shipped.AddHours(-2);
    }

    private void AfterSale(FactBatch batch, Order order, double quality)
    {
        var slow = 1 - quality;
        var refundChance = 0.02 + slow * 0.15;
        if (_rng.NextDouble() < refundChance)
        {
            var reason = order.DeliveredAt is null
                ? (_rng.NextDouble() < 0.5 + slow ? RefundReason.LateShipment : RefundReason.ChangedMind)
                : PickReason(slow);
            var requested = Seconds((order.DeliveredAt ?? order.PaidAt).AddHours(1 + _rng.NextDouble() * 96));
            if (requested < todayStartUtc)
            {
                var resolved = Seconds(requested.AddHours(1 + _rng.NextDouble() * 47));
                var status = resolved > todayStartUtc ? RefundStatus.Requested : _rng.NextDouble() < 0.88 ? RefundStatus.Approved : RefundStatus.Rejected;
                var refund = new Refund
                {
                    Id = ++_refundId,
                    OrderId = order.Id,
                    ShopId = order.ShopId,
                    Reason = reason,
                    Status = status,
                    AmountFen = order.AmountFen,
                    RequestedAt = requested,
                    ResolvedAt = status == RefundStatus.Requested ? null : resolved,
                };
                // Deliberately impossible fact for the data-quality report: one negative refund.
                if (refund.Id == 1) refund.AmountFen = -refund.AmountFen;
                batch.Refunds.Add(refund);
                if (status == RefundStatus.Approved) order.Status = OrderStatus.Refunded;
            }
        }

        if (order.DeliveredAt is { } delivered && order.Status != OrderStatus.Refunded && _rng.NextDouble() < 0.3)
        {
            var at = Seconds(delivered.AddHours(2 + _rng.NextDouble() * 160));
            if (at < todayStartUtc)
            {
                var roll = _rng.NextDouble();
                var rating = roll < 0.55 + quality * 0.35 ? 5 : roll < 0.8 + quality * 0.15 ? 4 : roll < 0.92 + quality * 0.06 ? 3 : roll < 0.97 ? 2 : 1;
                batch.Reviews.Add(new Review
                {
                    Id = ++_reviewId,
                    OrderId = order.Id,
                    ShopId = order.ShopId,
                    ListingId = order.ListingId,
                    Rating = rating,
                    HasContent = _rng.NextDouble() < 0.4,
                    CreatedAt = at,
                });
            }
        }

        if (_rng.NextDouble() < 0.002 + slow * 0.012)
        {
            var at = Seconds(order.PaidAt.AddHours(24 + _rng.NextDouble() * 200));
            if (at < todayStartUtc)
                batch.Complaints.Add(new Complaint
                {
                    Id = ++_complaintId,
                    OrderId = order.Id,
                    ShopId = order.ShopId,
                    Kind = (ComplaintKind)(1 + _rng.Next(4)),
                    Upheld = _rng.NextDouble() < 0.5,
                    CreatedAt = at,
                });
        }
    }

    private RefundReason PickReason(double slow) => _rng.NextDouble() switch
    {
        var r when r < 0.15 + slow * 0.5 => RefundReason.QualityProblem,
        var r when r < 0.25 + slow * 0.6 => RefundReason.NotAsDescribed,
        var r when r < 0.32 + slow * 0.65 => RefundReason.DamagedInTransit,
        var r when r < 0.36 + slow * 0.7 => RefundReason.WrongItem,
        var r when r < 0.85 => RefundReason.ChangedMind,
        _ => RefundReason.Other,
    };

    private void AddChats(FactBatch batch, ShopProfile shop, DateTime dayStartUtc, int orders)
    {
        var slow = 1 - shop.Quality;
        var chats = (int)Math.Round(orders * 0.15);
        for (var i = 0; i < chats; i++)
        {
            var noReply = _rng.NextDouble() < 0.02 + slow * 0.2;
            batch.Chats.Add(new ChatSession
            {
                Id = ++_chatId,
                ShopId = shop.Shop.Id,
                BuyerId = 1 + _rng.Next(plan.Buyers),
                StartedAt = Seconds(dayStartUtc.AddHours(Pick(DayHours) + _rng.NextDouble())),
                FirstResponseSeconds = noReply ? null : (int)(3 + _rng.NextDouble() * (40 + 900 * slow)),
            });
        }
    }

    /// <summary>Whole seconds, as the platform records them; also identical on every provider's precision.</summary>
    private static DateTime Seconds(DateTime value) => new(value.Ticks - value.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);

    private int Pick(double[] weights)
    {
        var total = 0.0;
        foreach (var w in weights) total += w;
        var roll = _rng.NextDouble() * total;
        for (var i = 0; i < weights.Length; i++)
        {
            roll -= weights[i];
            if (roll < 0) return i;
        }
        return weights.Length - 1;
    }
}
