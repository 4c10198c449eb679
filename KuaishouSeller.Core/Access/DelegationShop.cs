namespace KuaishouSeller.Core.Access;

/// <summary>A shop a delegation covers (when not all shops).</summary>
public class DelegationShop
{
    public long DelegationId { get; set; }
    public long ShopId { get; set; }
}
