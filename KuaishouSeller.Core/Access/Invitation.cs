namespace KuaishouSeller.Core.Access;

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
