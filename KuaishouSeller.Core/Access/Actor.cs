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
    /// <summary>All shops only by a grant over all shops; one shop by a grant that lists it or covers all.</summary>
    public bool Covers(ShopTarget target) => ShopIds is null || (target.ShopId is { } shopId && ShopIds.Contains(shopId));

    /// <summary>The grant carries the permission; a delegation never carries an own-only one, whatever it stores.</summary>
    public bool Allows(Permission permission) =>
        Permissions.Contains(permission) && (DelegationId is null || !PermissionCodes.OwnOnly.Contains(permission));
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
    /// <summary>The API key this actor calls through (for its creator, within the key's rights); null for a person or the system.</summary>
    public long? ApiKeyId { get; init; }

    private const string SystemPrefix = "system:";

    /// <summary>Work no person asked for: no grants, named by its code.</summary>
    public static Actor System(SystemActor system) => new(SystemPrefix + system, SystemPrefix + system, []);

    public bool IsSystem => UserId.StartsWith(SystemPrefix, StringComparison.Ordinal);

    public IEnumerable<Grant> GrantsIn(long organisationId) => Grants.Where(g => g.OrganisationId == organisationId);

    /// <summary>The grant that allows <paramref name="permission"/> on the target (one shop, or all shops), own memberships first.</summary>
    public Grant? Find(Permission permission, long organisationId, ShopTarget target) =>
        GrantsIn(organisationId)
            .Where(g => g.Allows(permission) && g.Covers(target))
            .OrderBy(g => g.DelegationId.HasValue)
            .FirstOrDefault();

    public bool Can(Permission permission, long organisationId, ShopTarget target) => Find(permission, organisationId, target) is not null;

    /// <summary>The permission applies somewhere in the organisation (at least one shop): for showing a page, never for a change.</summary>
    public bool CanInSomeShop(Permission permission, long organisationId) => ShopsWith(permission, organisationId) is not { Count: 0 };

    /// <summary>
    /// The shops of <paramref name="organisationId"/> where the permission applies: null for all of them,
    /// otherwise the union of the granted shop lists.
    /// </summary>
    public IReadOnlySet<long>? ShopsWith(Permission permission, long organisationId)
    {
        var grants = GrantsIn(organisationId).Where(g => g.Allows(permission)).ToList();
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

    /// <summary>A shop-limited grant asked to change what belongs to every shop (the master catalog, the pool, imports, staff).</summary>
    public static AccessDeniedException NeedsAllShops(Permission permission, string organisationName) => new(new Bilingual(
        $"这是「{organisationName}」全部店铺共用的数据，“{permission.NameZh()}”需要覆盖全部店铺的授权；您的授权只覆盖部分店铺，操作未执行。",
        $"This belongs to every shop of {organisationName}, so '{permission.NameEn()}' needs a grant over all shops; yours covers only some shops. Nothing was changed."));

    public static AccessDeniedException NotInOrganisation() => new(new Bilingual(
        "您无权访问该组织或店铺，操作未执行。", "You have no access to that organisation or shop; nothing was changed."));
}
