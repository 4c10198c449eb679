namespace KuaishouSeller.Core.Access;

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
