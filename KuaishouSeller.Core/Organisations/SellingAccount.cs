namespace KuaishouSeller.Core.Organisations;

/// <summary>快手号: an account that broadcasts live and posts short videos.</summary>
public class SellingAccount
{
    public long Id { get; set; }
    /// <summary>The merchant or creator organisation that owns the account.</summary>
    public long OrganisationId { get; set; }
    /// <summary>For a shop live room, the shop it sells for.</summary>
    public long? ShopId { get; set; }
    public SellingAccountKind Kind { get; set; }
    public string Nickname { get; set; } = "";
    /// <summary>The public Kuaishou id, e.g. "ks_20231107".</summary>
    public string KuaishouId { get; set; } = "";
    public long Followers { get; set; }
}
