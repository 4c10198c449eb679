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

    public static string Of(ShelfEntrance entrance) => entrance switch
    {
        ShelfEntrance.ShopPage => T("店铺页", "Shop page"),
        ShelfEntrance.Mall => T("商城", "Mall"),
        ShelfEntrance.Search => T("搜索", "Search"),
        ShelfEntrance.BuyerHome => T("买家首页", "Buyer home"),
        ShelfEntrance.GuessYouLike => T("猜你喜欢", "Guess you like"),
        _ => T("其他", "Other"),
    };

    public static string Color(SalesChannel channel) => channel switch
    {
        SalesChannel.SelfBroadcastLive => "#FF5000",
        SalesChannel.ShortVideo => "#7B61FF",
        SalesChannel.CreatorDistribution => "#00A870",
        _ => "#1E88E5",
    };
}
