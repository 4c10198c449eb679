using System.Security.Cryptography;
using System.Text;
using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Api;

/// <summary>
/// The rules of an API key, named once: its format and hash, how often its last use is written, and the rights it
/// carries (the creator's current grants in the key's organisation, cut down to the key's permissions and shops).
/// </summary>
public static class ApiKeyRules
{
    public const int MaxNameLength = 100;
    public const int MaxDays = 3650;
    /// <summary>Last use is written at most this often per key, so busy keys do not queue on one row.</summary>
    public static readonly TimeSpan LastUsedGranularity = TimeSpan.FromMinutes(1);
    /// <summary>How long a node trusts a key row it read to authenticate calls (its rights are read fresh on every call).</summary>
    public static readonly TimeSpan AuthenticationCacheFor = TimeSpan.FromSeconds(30);

    private const string Prefix = "ks_";
    /// <summary>The actor id a key's calls run under in Core ("apikey:42"), resolved by <see cref="AccessService"/>.</summary>
    private const string PrincipalPrefix = "apikey:";

    public static string Principal(long keyId) => PrincipalPrefix + keyId;

    public static bool TryParsePrincipal(string userId, out long keyId)
    {
        keyId = 0;
        return userId.StartsWith(PrincipalPrefix, StringComparison.Ordinal) && long.TryParse(userId.AsSpan(PrincipalPrefix.Length), out keyId);
    }

    /// <summary>A new key: "ks_" + 12 hex characters of public id + "_" + 43 characters of 256-bit secret.</summary>
    public static (string PublicId, string Key) NewKey()
    {
        var publicId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (publicId, $"{Prefix}{publicId}_{secret}");
    }

    /// <summary>The public id of a presented key, or null when it is not shaped like one of ours.</summary>
    public static string? PublicIdOf(string? key)
    {
        if (key is null || !key.StartsWith(Prefix, StringComparison.Ordinal) || key.Length > 200) return null;
        var rest = key.AsSpan(Prefix.Length);
        var underscore = rest.IndexOf('_');
        return underscore is 12 && rest.Length > 13 ? rest[..underscore].ToString() : null;
    }

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Constant-time comparison of a presented key with the stored hash.</summary>
    public static bool Matches(string key, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(key)), Encoding.ASCII.GetBytes(storedHash));

    /// <summary>
    /// The key's rights: each grant of the creator in the key's organisation, with only the key's permissions and only
    /// the key's shops (a grant over all shops narrows to the key's list; a shop list to the shops both name).
    /// </summary>
    public static IReadOnlyList<Grant> Narrow(Actor creator, ApiKey key)
    {
        var permissions = PermissionCodes.ParseList(key.Permissions);
        var shops = key.ShopIdSet();
        return creator.GrantsIn(key.OrganisationId)
            .Select(g => g with
            {
                Permissions = g.Permissions.Where(permissions.Contains).ToHashSet(),
                ShopIds = g.ShopIds is null ? shops : shops is null ? g.ShopIds : g.ShopIds.Where(shops.Contains).ToHashSet(),
            })
            .Where(g => g.Permissions.Count > 0 && g.ShopIds is not { Count: 0 })
            .ToList();
    }

    /// <summary>How the audit log and the ledger name a key's calls.</summary>
    public static string ActorName(string keyName, string creatorName) => $"api-key:{keyName} for {creatorName}";

    /// <summary>
    /// The actor a key's call runs as, resolved fresh: no grants when the key is revoked, expired or unknown, and never
    /// more than its creator holds right now (a removed colleague's key stops working).
    /// </summary>
    internal static async Task<Actor> ResolveAsync(AppDbContext db, long keyId, DateTime now, Func<string, Task<Actor>> resolveUser, CancellationToken ct)
    {
        var key = await db.Set<ApiKey>().AsNoTracking().FirstOrDefaultAsync(k => k.Id == keyId, ct);
        if (key is null) return new Actor(Principal(keyId), Principal(keyId), []) { ApiKeyId = keyId };
        var creator = await resolveUser(key.CreatedByUserId);
        var grants = key.IsUsableAt(now) ? Narrow(creator, key) : [];
        return new Actor(creator.UserId, ActorName(key.Name, creator.DisplayName), grants) { ApiKeyId = key.Id };
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
