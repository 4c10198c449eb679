namespace KuaishouSeller.Core.Api;

/// <summary>
/// A key another system of the organisation calls the open API with. It acts for its creator, never wider than the
/// creator's rights there at the moment of each call, and only within its own permissions and shops. Only a hash of
/// the secret is kept; <see cref="PublicId"/> (printed in the key) finds the row without scanning.
/// </summary>
public class ApiKey
{
    public long Id { get; set; }
    public long OrganisationId { get; set; }
    public string CreatedByUserId { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>The lookup part of the key ("ks_&lt;PublicId&gt;_&lt;secret&gt;"); unique, not secret.</summary>
    public string PublicId { get; set; } = "";
    /// <summary>SHA-256 of the whole key, hex; the key itself is shown once and never stored.</summary>
    public string SecretHash { get; set; } = "";
    /// <summary>Permission codes as a role stores them ("stock.view,stock.adjust").</summary>
    public string Permissions { get; set; } = "";
    /// <summary>Comma-separated shop ids the key is limited to; null for every shop the creator may act on.</summary>
    public string? ShopIds { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }

    public bool IsUsableAt(DateTime now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);

    public IReadOnlySet<long>? ShopIdSet() => ShopIds is null ? null
        : ShopIds.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToHashSet();
}
