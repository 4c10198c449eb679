namespace KuaishouSeller.Core.Organisations;

public enum OrganisationKind
{
    /// <summary>商家: goods owner or brand; owns shops, catalog and stock.</summary>
    Merchant = 1,
    /// <summary>达人: sells other merchants' goods in live rooms and short videos.</summary>
    Creator = 2,
    /// <summary>服务商 / 代运营: acts for merchants through a delegation.</summary>
    Agency = 3,
    /// <summary>平台: the platform's own staff (reviewers).</summary>
    Platform = 4,
}

public class Organisation
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public OrganisationKind Kind { get; set; }
    public DateTime CreatedAt { get; set; }
}

public enum ShopStatus { Open = 1, Suspended = 2, Closed = 3 }

/// <summary>店铺: a storefront of a merchant. Listings, orders and the store experience score hang off it.</summary>
public class Shop
{
    public long Id { get; set; }
    public long MerchantId { get; set; }
    public string Name { get; set; } = "";
    /// <summary>Main category, used for peer benchmarks.</summary>
    public long MainCategoryId { get; set; }
    public DateTime OpenedAt { get; set; }
    public ShopStatus Status { get; set; } = ShopStatus.Open;
}

public enum SellingAccountKind
{
    /// <summary>A shop's own self-broadcast live room (自播号).</summary>
    ShopLiveRoom = 1,
    /// <summary>A creator's account used for carrying goods (达人号).</summary>
    CreatorAccount = 2,
}

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

/// <summary>
/// A user's place in an organisation. A user may belong to several. The role (built-in or custom) gives the
/// permissions; <see cref="AllShops"/> or the membership's shop rows say where they apply.
/// </summary>
public class Membership
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public long OrganisationId { get; set; }
    public long RoleId { get; set; }
    public bool AllShops { get; set; } = true;
    public DateTime CreatedAt { get; set; }
}
