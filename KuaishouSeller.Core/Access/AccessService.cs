using KuaishouSeller.Core.Auditing;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Organisations;
using KuaishouSeller.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Access;

/// <summary>Resolves what a user may do, and refuses (and records) what they may not.</summary>
public sealed class AccessService(IDbContextFactory<AppDbContext> contexts, TimeProvider clock, AuditTrail audit)
{
    /// <summary>All grants of the user right now: memberships, plus delegations in force that their agency assigned them.</summary>
    public async Task<Actor> ResolveAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await ResolveAsync(db, userId, ct);
    }

    public async Task<Actor> ResolveAsync(AppDbContext db, string userId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // An API key's call: its creator's rights right now, narrowed to the key's permissions and shops.
        if (Api.ApiKeyRules.TryParsePrincipal(userId, out var keyId))
            return await Api.ApiKeyRules.ResolveAsync(db, keyId, now, creator => ResolveAsync(db, creator, ct), ct);
        // One statement for the user's name, memberships and their shop lists: this runs on every page load.
        var user = await db.Users.Where(u => u.Id == userId).Select(u => new
        {
            u.DisplayName,
            Memberships = (
                from m in db.Memberships
                where m.UserId == u.Id
                join o in db.Organisations on m.OrganisationId equals o.Id
                join r in db.Set<Role>() on m.RoleId equals r.Id
                select new
                {
                    m.AllShops, OrganisationId = o.Id, o.Name, o.Kind, r.Permissions,
                    Shops = db.Set<MembershipShop>().Where(s => s.MembershipId == m.Id).Select(s => s.ShopId).ToList(),
                }).ToList(),
        })
            // A user has a handful of memberships and a shop-limited one a few shops: one round trip beats one per list.
            .AsSingleQuery()
            .FirstOrDefaultAsync(ct);
        if (user is null) return new Actor(userId, "", []);

        var grants = user.Memberships.Select(m => new Grant(m.OrganisationId, m.Name, m.Kind, PermissionCodes.ParseList(m.Permissions),
            m.AllShops ? null : m.Shops.ToHashSet())).ToList();

        // Delegations count only while in force, while the user is assigned, and while the user still belongs to the
        // agency (only agencies are delegated to, so without an agency membership there is nothing to read).
        var agencyIds = user.Memberships.Where(m => m.Kind == OrganisationKind.Agency).Select(m => m.OrganisationId).ToList();
        if (agencyIds.Count > 0)
        {
            var delegations = await (
                from a in db.Set<DelegationAssignment>()
                where a.UserId == userId
                join d in db.Set<Delegation>() on a.DelegationId equals d.Id
                where d.Status == DelegationStatus.Active && d.EndsAt > now && agencyIds.Contains(d.AgencyId)
                join merchant in db.Organisations on d.MerchantId equals merchant.Id
                join agency in db.Organisations on d.AgencyId equals agency.Id
                select new
                {
                    d.Id, d.MerchantId, MerchantName = merchant.Name, merchant.Kind, d.Permissions, d.AllShops, d.AgencyId, AgencyName = agency.Name,
                    Shops = db.Set<DelegationShop>().Where(s => s.DelegationId == d.Id).Select(s => s.ShopId).ToList(),
                }
            ).ToListAsync(ct);
            grants.AddRange(delegations.Select(d => new Grant(d.MerchantId, d.MerchantName, d.Kind, PermissionCodes.ParseList(d.Permissions),
                d.AllShops ? null : d.Shops.ToHashSet(), d.Id, d.AgencyId, d.AgencyName)));
        }

        return new Actor(userId, user.DisplayName, grants);
    }

    /// <summary>
    /// Returns the grant that allows the permission on the target, or records the refusal and throws it. With no grant
    /// at all in the organisation the refusal is <paramref name="foreignAs"/> when given (a foreign id answers exactly
    /// like a missing one); a shop-limited grant asked for all shops is told so.
    /// </summary>
    public async Task<Grant> RequireAsync(Actor actor, Permission permission, long organisationId, ShopTarget target, string action,
        CancellationToken ct = default, NotFoundException? foreignAs = null)
    {
        var grant = actor.Find(permission, organisationId, target);
        if (grant is not null) return grant;
        throw await DenyAsync(actor, organisationId, target.ShopId, permission.Code(), action, Refusal(actor, permission, organisationId, target, foreignAs), ct);
    }

    /// <summary>What a missing right is told: not found (no grant in the organisation), needs all shops, or the missing permission.</summary>
    public static UserFacingException Refusal(Actor actor, Permission permission, long organisationId, ShopTarget target, NotFoundException? foreignAs)
    {
        var known = actor.GrantsIn(organisationId).FirstOrDefault();
        return known is null
            ? foreignAs ?? (UserFacingException)AccessDeniedException.NotInOrganisation()
            : target.IsAllShops && actor.CanInSomeShop(permission, organisationId)
                ? AccessDeniedException.NeedsAllShops(permission, known.OrganisationName)
                : AccessDeniedException.For(permission, known.OrganisationName);
    }

    /// <summary>The platform organisation: its reviewers publish rulebooks, recompute every score and review campaign registrations.</summary>
    public static Task<long> PlatformIdAsync(AppDbContext db, CancellationToken ct = default) =>
        db.Organisations.Where(o => o.Kind == OrganisationKind.Platform).Select(o => o.Id).FirstOrDefaultAsync(ct);

    public static async Task<bool> IsPlatformReviewerAsync(AppDbContext db, Actor actor, CancellationToken ct = default) =>
        actor.Can(Permission.CampaignsReview, await PlatformIdAsync(db, ct), ShopTarget.AllShops);

    /// <summary>The platform reviewer's grant, or the recorded refusal (for queries; commands use their context).</summary>
    public async Task<Grant> RequirePlatformReviewerAsync(AppDbContext db, Actor actor, string action, CancellationToken ct = default) =>
        await RequireAsync(actor, Permission.CampaignsReview, await PlatformIdAsync(db, ct), ShopTarget.AllShops, action, ct);

    /// <summary>
    /// The refusal recorder: writes a refused attempt (who, where, what) on its own context, so it stays when the command
    /// rolls back, and returns the exception to throw.
    /// </summary>
    public async Task<TException> DenyAsync<TException>(Actor actor, long organisationId, long? shopId, string what, string action,
        TException exception, CancellationToken ct = default) where TException : UserFacingException
    {
        await RecordRefusalAsync(actor, organisationId, shopId, what, action, ct);
        return exception;
    }

    /// <summary>Writes the refused attempt (who, where, what right, which command).</summary>
    public Task RecordRefusalAsync(Actor actor, long organisationId, long? shopId, string what, string action, CancellationToken ct = default) =>
        audit.RecordAsync(actor.UserId, actor.DisplayName, organisationId, shopId, AuditActions.AccessDenied, "Permission", what,
            new Dictionary<string, object?> { ["action"] = action }, ct);
}
