namespace KuaishouSeller.Core.Access;

public enum DelegationStatus
{
    /// <summary>The agency asked; the merchant has not answered.</summary>
    Requested = 1,
    Active = 2,
    Rejected = 3,
    Revoked = 4,
}

/// <summary>
/// A merchant lets an agency act for it, limited to chosen shops and permissions, until an end date.
/// Agency staff act through it only when the agency admin assigned them. Expiry is by date, checked on
/// every action, so no job has to flip a status at midnight.
/// </summary>
public class Delegation
{
    public long Id { get; set; }
    public long MerchantId { get; set; }
    public long AgencyId { get; set; }
    public DelegationStatus Status { get; set; }
    /// <summary>Comma-separated permission codes the merchant granted (or the agency proposed, while requested).</summary>
    public string Permissions { get; set; } = "";
    public bool AllShops { get; set; }
    /// <summary>The first instant at which the delegation no longer applies (end of its last Beijing day).</summary>
    public DateTime EndsAt { get; set; }
    public string RequestedByUserId { get; set; } = "";
    public DateTime RequestedAt { get; set; }
    public string? DecidedByUserId { get; set; }
    public DateTime? DecidedAt { get; set; }
    public string? Note { get; set; }

    public bool IsInForce(DateTime nowUtc) => Status == DelegationStatus.Active && nowUtc < EndsAt;
}

/// <summary>A shop a delegation covers (when not all shops).</summary>
public class DelegationShop
{
    public long DelegationId { get; set; }
    public long ShopId { get; set; }
}

/// <summary>An agency staff member assigned to work under a delegation.</summary>
public class DelegationAssignment
{
    public long DelegationId { get; set; }
    public string UserId { get; set; } = "";
    public DateTime AssignedAt { get; set; }
}

/// <summary>A shop a membership is limited to (when the membership is not for all shops).</summary>
public class MembershipShop
{
    public long MembershipId { get; set; }
    public long ShopId { get; set; }
}

/// <summary>Where a user worked, for the switcher's recent and favourite lists; the latest is the current workspace.</summary>
public class WorkspaceVisit
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public long OrganisationId { get; set; }
    /// <summary>Null means "all shops" of the organisation.</summary>
    public long? ShopId { get; set; }
    /// <summary>Null for a favourite that was never opened.</summary>
    public DateTime? LastUsedAt { get; set; }
    public bool IsFavourite { get; set; }
}

/// <summary>An invitation to join an organisation; the link carries a token whose hash is stored here, usable once.</summary>
public class Invitation
{
    public long Id { get; set; }
    public long OrganisationId { get; set; }
    public string Email { get; set; } = "";
    public long RoleId { get; set; }
    public bool AllShops { get; set; } = true;
    /// <summary>Comma-separated shop ids when not all shops.</summary>
    public string ShopIds { get; set; } = "";
    public string TokenHash { get; set; } = "";
    public string InvitedByUserId { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? AcceptedAt { get; set; }
    public string? AcceptedByUserId { get; set; }
}
