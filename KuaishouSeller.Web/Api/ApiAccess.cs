using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Web.Api;

/// <summary>The permission an endpoint needs, declared on it; <see cref="ApiAccess"/> checks it before the handler runs.</summary>
public sealed record ApiScope(Permission Permission);

/// <summary>
/// The key's right to call an endpoint, checked before Core runs the query (which checks again): a key whose creator
/// lost every right in the organisation is refused 401; a permission outside the key's scope, or a shop outside its
/// shops, is refused 403 and recorded as an access refusal naming the key.
/// </summary>
public sealed class ApiAccess(AccessService access, IDbContextFactory<AppDbContext> contexts)
{
    public async Task<Actor> RequireAsync(ApiCaller caller, Permission permission, string action, long? shopId = null, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var actor = await access.ResolveAsync(db, caller.Principal, ct);
        if (!actor.GrantsIn(caller.OrganisationId).Any()) throw new ApiUnauthorizedException();
        if (shopId is { } shop && !await db.Shops.AnyAsync(s => s.Id == shop && s.MerchantId == caller.OrganisationId, ct))
            throw new NotFoundException(ApiProblems.NotFound);
        var allowed = shopId is { } id ? actor.Can(permission, caller.OrganisationId, ShopTarget.Shop(id)) : actor.CanInSomeShop(permission, caller.OrganisationId);
        if (allowed) return actor;
        var name = await db.Organisations.Where(o => o.Id == caller.OrganisationId).Select(o => o.Name).FirstAsync(ct);
        throw await access.DenyAsync(actor, caller.OrganisationId, shopId, permission.Code(), action, AccessDeniedException.For(permission, name), ct);
    }
}

/// <summary>The key still checks out, but its creator holds nothing in its organisation any more: answered like a dead key.</summary>
public sealed class ApiUnauthorizedException() : UserFacingException(ApiProblems.Unauthorized, RefusalKind.Invalid);
