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
