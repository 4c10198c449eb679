namespace KuaishouSeller.Core.Orders;

public enum ShelfEntrance
{
    None = 0,
    ShopPage = 1,
    Mall = 2,
    Search = 3,
    BuyerHome = 4,
    GuessYouLike = 5,
}
