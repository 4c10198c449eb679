using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Access;

/// <summary>"All shops, or these shops of this organisation": the one check memberships, invitations and delegations share.</summary>
public static class ShopScope
{
    public static async Task ValidateAsync(AppDbContext db, long organisationId, bool allShops, IReadOnlyCollection<long> shopIds, CancellationToken ct)
    {
        if (allShops) return;
        if (shopIds.Count == 0)
            throw new DomainException(new("请选择至少一家店铺，或选择全部店铺。", "Choose at least one shop, or all shops."));
        var own = await db.Shops.CountAsync(s => s.MerchantId == organisationId && shopIds.Contains(s.Id), ct);
        if (own != shopIds.Distinct().Count())
            throw new DomainException(new("所选店铺不属于该组织。", "Some chosen shops do not belong to this organisation."));
    }
}
