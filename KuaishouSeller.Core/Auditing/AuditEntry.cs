namespace KuaishouSeller.Core.Auditing;

/// <summary>
/// One recorded write: who, acting for which organisation (and through which delegation), what,
/// before and after, when. Rows are only ever inserted.
/// </summary>
public class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public string? ActorUserId { get; set; }
    public string ActorName { get; set; } = "";
    public long? OrganisationId { get; set; }
    public long? DelegationId { get; set; }
    public long? ShopId { get; set; }
    /// <summary>A stable action code, e.g. "account.signed-in", "stock.adjusted".</summary>
    public string Action { get; set; } = "";
    public string EntityType { get; set; } = "";
    public string? EntityId { get; set; }
    /// <summary>The subject as a reader knew it at the time ("M01P000014-2 特级云南普洱熟茶 250g"), so the log reads as sentences.</summary>
    public string? Subject { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
}
