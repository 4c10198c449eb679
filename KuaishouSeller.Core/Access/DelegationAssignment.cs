namespace KuaishouSeller.Core.Access;

/// <summary>An agency staff member assigned to work under a delegation.</summary>
public class DelegationAssignment
{
    public long DelegationId { get; set; }
    public string UserId { get; set; } = "";
    public DateTime AssignedAt { get; set; }
}
