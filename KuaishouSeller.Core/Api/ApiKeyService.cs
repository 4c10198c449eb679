using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Auditing;
using KuaishouSeller.Core.Commands;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Workspace;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Api;

/// <summary>What to create: permission codes (null for all the creator holds), shops (null for all), days until expiry (null for none).</summary>
public sealed record NewApiKey(string Name, IReadOnlyCollection<string>? Permissions, IReadOnlyCollection<long>? ShopIds, int? Days);

/// <summary>A created key: the secret is in <see cref="Key"/> and nowhere else, ever.</summary>
public sealed record CreatedApiKey(long Id, string Name, string Key, IReadOnlyList<string> Permissions, IReadOnlyList<long>? ShopIds, DateTime? ExpiresAt);

public sealed record ApiKeyRow(long Id, string Name, string PublicId, string CreatedBy, IReadOnlyList<string> Permissions, IReadOnlyList<long>? ShopIds,
    DateTime CreatedAt, DateTime? ExpiresAt, DateTime? RevokedAt, DateTime? LastUsedAt, bool CanRevoke);

/// <summary>What the creator may put in a key here: their permissions, their shops, and whether an all-shops key is theirs to make.</summary>
public sealed record ApiKeyChoices(string? OrganisationName, IReadOnlySet<Permission> Permissions, IReadOnlyList<(long Id, string Name)> Shops, bool AllShops);

/// <summary>A presented key that checks out: the principal its calls run under and what the rate limit partitions by.</summary>
public sealed record AuthenticatedKey(long KeyId, string Principal, string Name, long OrganisationId);

/// <summary>
/// API keys of the current organisation: create (the secret returned once), list, revoke — all through the command
/// pipeline — and the check of a presented key.
/// </summary>
public sealed class ApiKeyService(IDbContextFactory<AppDbContext> contexts, CommandRunner commands, WorkspaceService workspaces, TimeProvider clock,
    ApiKeyCache cache)
{
    private static NotFoundException UnknownKey() => NotFoundException.Of("API 密钥", "API key");

    /// <summary>
    /// Creates a key in the creator's current organisation. Its permissions are the ones asked for (or all the creator
    /// holds there), each of which the creator must hold; its shops must all be the creator's, and only a creator
    /// over all shops may create an all-shops key.
    /// </summary>
    public Task<CreatedApiKey> CreateAsync(string userId, NewApiKey request, CancellationToken ct = default)
    {
        var name = request.Name?.Trim() ?? "";
        if (name.Length == 0) throw new DomainException(new("请填写密钥名称。", "Give the key a name."));
        if (name.Length > ApiKeyRules.MaxNameLength)
            throw new DomainException(new($"密钥名称最多 {ApiKeyRules.MaxNameLength} 个字符。", $"The key name can have at most {ApiKeyRules.MaxNameLength} characters."));
        if (request.Days is { } days && (days < 1 || days > ApiKeyRules.MaxDays))
            throw new DomainException(new($"有效天数应在 1 到 {ApiKeyRules.MaxDays} 之间。", $"The number of days must be between 1 and {ApiKeyRules.MaxDays}."));
        var asked = new HashSet<Permission>();
        foreach (var code in request.Permissions ?? [])
        {
            if (!PermissionCodes.TryParse(code, out var permission))
                throw new DomainException(new($"没有“{code}”这个权限。", $"There is no permission '{code}'."));
            asked.Add(permission);
        }
        if (request.Permissions is { Count: 0 }) throw new DomainException(new("请至少选择一个权限。", "Choose at least one permission."));

        return commands.RunAsync(userId, AuditActions.ApiKeyCreated, async c =>
        {
            if (c.Actor.ApiKeyId is not null)
                throw new DomainException(new("API 密钥不能创建密钥。", "An API key cannot create keys."), RefusalKind.Forbidden);
            var workspace = (await workspaces.ResolveAsync(c.Db, c.Actor, c.Cancellation)).Workspace
                            ?? throw new DomainException(new("请先在工作台切换到一个组织。", "Switch to an organisation first."));
            var organisationId = workspace.OrganisationId;
            var held = c.Actor.GrantsIn(organisationId).SelectMany(g => g.Permissions.Where(g.Allows)).ToHashSet();
            var permissions = request.Permissions is null ? held : asked;
            if (permissions.Count == 0) throw await c.DenyAsync(organisationId, null, "api-key", AccessDeniedException.NotInOrganisation());
            foreach (var permission in permissions.Where(p => !held.Contains(p)))
                throw await c.DenyAsync(organisationId, null, permission.Code(), new DomainException(new(
                    $"您在「{workspace.OrganisationName}」没有“{permission.NameZh()}”的权限，密钥不能比您的授权更宽，未创建。",
                    $"You do not hold '{permission.NameEn()}' in {workspace.OrganisationName}; a key cannot be wider than your rights. Nothing was created."), RefusalKind.Forbidden));

            // The creator's shops: null when some grant covers every shop, else the union of the granted lists.
            var mine = c.Actor.GrantsIn(organisationId).Any(g => g.ShopIds is null) ? null
                : c.Actor.GrantsIn(organisationId).SelectMany(g => g.ShopIds!).ToHashSet();
            var shops = request.ShopIds?.Distinct().Order().ToList();
            if (shops is { Count: 0 }) throw new DomainException(new("请至少选择一个店铺，或不限店铺。", "Choose at least one shop, or leave the key for all shops."));
            if (shops is null && mine is not null)
                throw await c.DenyAsync(organisationId, null, "api-key", new DomainException(new(
                    "您的授权只覆盖部分店铺，不能创建覆盖全部店铺的密钥；请选择您的店铺。",
                    "Your rights cover only some shops, so you cannot create a key for all shops; choose your shops."), RefusalKind.Forbidden));
            if (shops is not null)
            {
                var inOrganisation = await c.Db.Shops.Where(s => s.MerchantId == organisationId && shops.Contains(s.Id)).Select(s => s.Id).ToListAsync(c.Cancellation);
                foreach (var shop in shops.Where(s => !inOrganisation.Contains(s) || (mine is not null && !mine.Contains(s))))
                    throw await c.DenyAsync(organisationId, shop, "api-key", new DomainException(new(
                        $"店铺 {shop} 不在您的授权范围内，密钥未创建。", $"Shop {shop} is not one you may act on; nothing was created."), RefusalKind.Forbidden));
            }

            var (publicId, key) = ApiKeyRules.NewKey();
            var entity = new ApiKey
            {
                OrganisationId = organisationId, CreatedByUserId = c.Actor.UserId, Name = name, PublicId = publicId,
                SecretHash = ApiKeyRules.Hash(key), Permissions = PermissionCodes.FormatList(permissions),
                ShopIds = shops is null ? null : string.Join(",", shops), CreatedAt = c.Now,
                ExpiresAt = request.Days is { } d ? c.Now.AddDays(d) : null,
            };
            c.Db.Add(entity);
            await c.Db.SaveChangesAsync(c.Cancellation);
            c.Audit(new AuditSubject("ApiKey", entity.Id.ToString(), name), after: new
            {
                permissions = entity.Permissions, shops = entity.ShopIds ?? "all", expiresAt = entity.ExpiresAt,
            }, organisationId: organisationId);
            return new CreatedApiKey(entity.Id, name, key, entity.Permissions.Split(','), shops, entity.ExpiresAt);
        }, ct);
    }

    /// <summary>Revokes a key: its creator, or whoever manages the organisation's staff over all shops. Takes effect on the next call.</summary>
    public Task RevokeAsync(string userId, long keyId, CancellationToken ct = default) =>
        commands.RunAsync(userId, AuditActions.ApiKeyRevoked, async c =>
        {
            var key = await c.Db.Set<ApiKey>().AsNoTracking().FirstOrDefaultAsync(k => k.Id == keyId, c.Cancellation) ?? throw UnknownKey();
            if (c.Actor.ApiKeyId is not null || !c.Actor.GrantsIn(key.OrganisationId).Any()) throw UnknownKey();
            if (key.CreatedByUserId != c.Actor.UserId)
                await c.RequireAsync(Permission.StaffManage, key.OrganisationId, ShopTarget.AllShops, foreignAs: UnknownKey());
            var revoked = await c.Db.Set<ApiKey>().Where(k => k.Id == keyId && k.RevokedAt == null)
                .ExecuteUpdateAsync(k => k.SetProperty(x => x.RevokedAt, c.Now), c.Cancellation);
            cache.Forget(keyId);
            if (revoked == 0) return;
            c.Audit(new AuditSubject("ApiKey", key.Id.ToString(), key.Name), organisationId: key.OrganisationId);
        }, ct);

    /// <summary>The permissions and shops a new key may carry in the current organisation (the same rules <see cref="CreateAsync"/> enforces).</summary>
    public async Task<ApiKeyChoices> ChoicesAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var scope = await workspaces.ResolveAsync(db, userId, ct);
        if (scope.Workspace is not { } w || scope.Actor.ApiKeyId is not null) return new(null, new HashSet<Permission>(), [], false);
        var grants = scope.Actor.GrantsIn(w.OrganisationId).ToList();
        var all = grants.Any(g => g.ShopIds is null);
        var mine = grants.SelectMany(g => g.ShopIds ?? (IEnumerable<long>)[]).ToHashSet();
        var shops = await db.Shops.AsNoTracking().Where(s => s.MerchantId == w.OrganisationId && (all || mine.Contains(s.Id))).OrderBy(s => s.Id)
            .Select(s => new { s.Id, s.Name }).ToListAsync(ct);
        return new(w.OrganisationName, grants.SelectMany(g => g.Permissions.Where(g.Allows)).ToHashSet(), shops.Select(s => (s.Id, s.Name)).ToList(), all);
    }

    /// <summary>The keys of the current organisation the user may see: their own, or all of them with staff.manage over all shops.</summary>
    public async Task<IReadOnlyList<ApiKeyRow>> ListAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var scope = await workspaces.ResolveAsync(db, userId, ct);
        if (scope.Workspace is not { } workspace || scope.Actor.ApiKeyId is not null) return [];
        var manager = scope.Actor.Can(Permission.StaffManage, workspace.OrganisationId, ShopTarget.AllShops);
        var me = scope.Actor.UserId;
        var rows = await (from k in db.Set<ApiKey>().AsNoTracking()
                          where k.OrganisationId == workspace.OrganisationId && (manager || k.CreatedByUserId == me)
                          join u in db.Users on k.CreatedByUserId equals u.Id
                          orderby k.CreatedAt descending, k.Id descending
                          select new { k, u.DisplayName }).Take(500).ToListAsync(ct);
        return rows.Select(r => new ApiKeyRow(r.k.Id, r.k.Name, r.k.PublicId, r.DisplayName, r.k.Permissions.Split(',', StringSplitOptions.RemoveEmptyEntries),
            r.k.ShopIdSet()?.Order().ToList(), r.k.CreatedAt, r.k.ExpiresAt, r.k.RevokedAt, r.k.LastUsedAt, r.k.RevokedAt is null)).ToList();
    }

    /// <summary>
    /// Checks a presented key: known, matching its hash (constant time), not revoked, not expired. Notes its last use at
    /// most once per <see cref="ApiKeyRules.LastUsedGranularity"/> with one conditional update. Null for any failure.
    /// </summary>
    public async Task<AuthenticatedKey?> AuthenticateAsync(string presented, CancellationToken ct = default)
    {
        if (ApiKeyRules.PublicIdOf(presented) is not { } publicId) return null;
        var entry = cache.Find(publicId);
        if (entry is null)
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            if (await db.Set<ApiKey>().AsNoTracking().FirstOrDefaultAsync(k => k.PublicId == publicId, ct) is not { } row) return null;
            entry = cache.Remember(row);
        }
        var (key, now) = (entry.Key, clock.GetUtcNow().UtcDateTime);
        if (!ApiKeyRules.Matches(presented, key.SecretHash) || !key.IsUsableAt(now)) return null;
        if (entry.LastUsedAt is not { } last || last < now - ApiKeyRules.LastUsedGranularity)
        {
            var stale = now - ApiKeyRules.LastUsedGranularity;
            entry.Used(now);
            await using var db = await contexts.CreateDbContextAsync(ct);
            await db.Set<ApiKey>().Where(k => k.Id == key.Id && (k.LastUsedAt == null || k.LastUsedAt < stale))
                .ExecuteUpdateAsync(k => k.SetProperty(x => x.LastUsedAt, now), ct);
        }
        return new AuthenticatedKey(key.Id, ApiKeyRules.Principal(key.Id), key.Name, key.OrganisationId);
    }
}
