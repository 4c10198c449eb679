using KuaishouSeller.Core.Organisations;
using KuaishouSeller.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Workspace;

public sealed record MembershipView(long OrganisationId, string OrganisationName, OrganisationKind Kind, MemberRole Role);

/// <summary>
/// What a signed-in user may see, derived from their memberships. Every query in Core filters by it,
/// so a page cannot show another organisation's data even if it asks for it.
/// </summary>
public sealed class AccessScope
{
    private AccessScope(string userId, IReadOnlyList<MembershipView> memberships)
    {
        UserId = userId;
        Memberships = memberships;
        MerchantIds = memberships.Where(m => m.Kind == OrganisationKind.Merchant).Select(m => m.OrganisationId).ToArray();
        CreatorIds = memberships.Where(m => m.Kind == OrganisationKind.Creator).Select(m => m.OrganisationId).ToArray();
    }

    public string UserId { get; }
    public IReadOnlyList<MembershipView> Memberships { get; }
    public IReadOnlyList<long> MerchantIds { get; }
    public IReadOnlyList<long> CreatorIds { get; }
    public bool HasShops => MerchantIds.Count > 0;

    public static async Task<AccessScope> ForUserAsync(AppDbContext db, string userId, CancellationToken ct = default)
    {
        var memberships = await db.Memberships
            .Where(m => m.UserId == userId)
            .Join(db.Organisations, m => m.OrganisationId, o => o.Id,
                (m, o) => new MembershipView(o.Id, o.Name, o.Kind, m.Role))
            .ToListAsync(ct);
        return new AccessScope(userId, memberships.OrderBy(m => m.Kind).ThenBy(m => m.OrganisationName).ToList());
    }

    /// <summary>The shops of every merchant this user belongs to.</summary>
    public IQueryable<Shop> Shops(AppDbContext db) => db.Shops.Where(s => MerchantIds.Contains(s.MerchantId));
}
