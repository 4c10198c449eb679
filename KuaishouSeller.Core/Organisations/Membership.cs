namespace KuaishouSeller.Core.Organisations;

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
