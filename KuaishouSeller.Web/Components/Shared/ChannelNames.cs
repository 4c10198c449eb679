using KuaishouSeller.Core.Orders;
using static KuaishouSeller.Web.Localization.Tr;

namespace KuaishouSeller.Web.Components.Shared;

public static class ChannelNames
{
    public static string Of(SalesChannel channel) => channel switch
    {
        SalesChannel.SelfBroadcastLive => T("自播直播", "Self-broadcast live"),
        SalesChannel.ShortVideo => T("短视频", "Short video"),
        SalesChannel.CreatorDistribution => T("达人分销", "Creator distribution"),
        SalesChannel.Shelf => T("泛货架", "Shelf"),
        _ => channel.ToString(),
    };
}
