namespace KuaishouSeller.Core.Access;

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
