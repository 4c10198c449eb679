namespace KuaishouSeller.Core.Organisations;

public enum SellingAccountKind
{
    /// <summary>A shop's own self-broadcast live room (自播号).</summary>
    ShopLiveRoom = 1,
    /// <summary>A creator's account used for carrying goods (达人号).</summary>
    CreatorAccount = 2,
}
