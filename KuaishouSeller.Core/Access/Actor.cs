using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Organisations;

namespace KuaishouSeller.Core.Access;

/// <summary>
/// One source of rights: a membership of an organisation, or a delegation a merchant gave the user's agency.
/// <see cref="ShopIds"/> null means every shop of the organisation.
/// </summary>
public sealed record Grant(
    long OrganisationId,
    string OrganisationName,
    OrganisationKind Kind,
    IReadOnlySet<Permission> Permissions,
    IReadOnlySet<long>? ShopIds,
    long? DelegationId = null,
    long? AgencyId = null,
    string? AgencyName = null)
{
    public bool Covers(long? shopId) => ShopIds is null || shopId is null || ShopIds.Contains(shopId.Value);
}

/// <summary>
/// The signed-in user as Core sees them for one action: every grant, resolved fresh from the database so a
/// revoked delegation or removed membership stops the very next action, open pages included.
/// </summary>
public sealed class Actor(string userId, string displayName, IReadOnlyList<Grant> grants)
{
    public string UserId { get; } = userId;
    public string DisplayName { get; } = displayName;
    public IReadOnlyList<Grant> Grants { get; } = grants;

    public IEnumerable<Grant> GrantsIn(long organisationId) => Grants.Where(g => g.OrganisationId == organisationId);

    /// <summary>The grant that allows <paramref name="permission"/> in the organisation (and shop), own memberships first.</summary>
    public Grant? Find(Permission permission, long organisationId, long? shopId = null) =>
        GrantsIn(organisationId)
            .Where(g => g.Permissions.Contains(permission) && g.Covers(shopId))
            .OrderBy(g => g.DelegationId.HasValue)
            .FirstOrDefault();

    public bool Can(Permission permission, long organisationId, long? shopId = null) => Find(permission, organisationId, shopId) is not null;

    /// <summary>
    /// The shops of <paramref name="organisationId"/> where the permission applies: null for all of them,
    /// otherwise the union of the granted shop lists.
    /// </summary>
    public IReadOnlySet<long>? ShopsWith(Permission permission, long organisationId)
    {
        var grants = GrantsIn(organisationId).Where(g => g.Permissions.Contains(permission)).ToList();
        if (grants.Count == 0) return new HashSet<long>();
        if (grants.Any(g => g.ShopIds is null)) return null;
        return grants.SelectMany(g => g.ShopIds!).ToHashSet();
    }
}

/// <summary>An action the actor may not take; nothing was changed. The message says what was missing.</summary>
public sealed class AccessDeniedException(Bilingual message) : UserFacingException(message, RefusalKind.Forbidden)
{

    public static AccessDeniedException For(Permission permission, string organisationName) => new(new Bilingual(
        $"您在「{organisationName}」没有“{permission.NameZh()}”的权限，操作未执行。",
        $"You do not have the '{permission.NameEn()}' permission in {organisationName}; nothing was changed."));

    public static AccessDeniedException NotInOrganisation() => new(new Bilingual(
        "您无权访问该组织或店铺，操作未执行。", "You have no access to that organisation or shop; nothing was changed."));
}
