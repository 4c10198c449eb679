namespace KuaishouSeller.Core.Access;

/// <summary>A shop a membership is limited to (when the membership is not for all shops).</summary>
public class MembershipShop
{
    public long MembershipId { get; set; }
    public long ShopId { get; set; }
}
