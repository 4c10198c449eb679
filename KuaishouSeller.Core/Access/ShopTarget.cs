namespace KuaishouSeller.Core.Access;

/// <summary>
/// What a check is about inside an organisation: one shop, or every shop of it. A merchant-wide change (the master
/// catalog, list prices, the shared pool and its thresholds, imports, the staff list) asks for <see cref="AllShops"/>,
/// which only a grant over all shops covers; a shop-limited grant covers exactly its shops.
/// </summary>
public readonly record struct ShopTarget(long? ShopId)
{
    public static ShopTarget AllShops => new(null);
    public static ShopTarget Shop(long shopId) => new(shopId);
    public bool IsAllShops => ShopId is null;
}
