namespace KuaishouSeller.Core.Access;

/// <summary>Who may hand out which rights: one rule for roles, invitations, assignments and delegation acceptance.</summary>
public static class PermissionRules
{
    /// <summary>
    /// Nobody grants what they do not hold: true when the actor's own memberships in the organisation give every one of
    /// the permissions over all shops (a delegation or a shop-limited grant is not enough to pass a right on).
    /// </summary>
    public static bool Holds(Actor actor, long organisationId, IEnumerable<Permission> permissions) =>
        permissions.All(p => actor.GrantsIn(organisationId).Any(g => g.DelegationId is null && g.ShopIds is null && g.Permissions.Contains(p)));

    /// <summary>The permissions of the set the actor does not hold that way; empty when <see cref="Holds"/> is true.</summary>
    public static IReadOnlyList<Permission> Lacking(Actor actor, long organisationId, IEnumerable<Permission> permissions) =>
        permissions.Where(p => !Holds(actor, organisationId, [p])).Distinct().Order().ToList();
}
