using System.Collections.Concurrent;

namespace KuaishouSeller.Core.Api;

/// <summary>
/// The stored keys the open API authenticated lately, for <see cref="ApiKeyRules.AuthenticationCacheFor"/>: reading the
/// key row was a quarter of the CPU of an order intake (a context and a query per call). Only keys that exist are held,
/// so unknown keys cannot fill it. Revoking forgets the key on this node at once; on another node a revoked key may
/// still authenticate until its entry ages out, but it holds no rights from the moment of revocation, because every
/// command and query resolves the key's actor from the row (<see cref="ApiKeyRules.ResolveAsync"/>).
/// </summary>
public sealed class ApiKeyCache(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Entry> _byPublicId = new(StringComparer.Ordinal);

    /// <summary>A key row as read, and when its last use was last written (calls of many threads share it).</summary>
    public sealed class Entry(ApiKey key, DateTime loadedAt)
    {
        private long _lastUsedTicks = key.LastUsedAt?.Ticks ?? 0;
        public ApiKey Key { get; } = key;
        public DateTime LoadedAt { get; } = loadedAt;

        public DateTime? LastUsedAt => Interlocked.Read(ref _lastUsedTicks) is var t and > 0 ? new DateTime(t, DateTimeKind.Utc) : null;

        public void Used(DateTime at) => Interlocked.Exchange(ref _lastUsedTicks, at.Ticks);
    }

    public Entry? Find(string publicId)
    {
        if (!_byPublicId.TryGetValue(publicId, out var entry)) return null;
        if (clock.GetUtcNow().UtcDateTime - entry.LoadedAt < ApiKeyRules.AuthenticationCacheFor) return entry;
        _byPublicId.TryRemove(new KeyValuePair<string, Entry>(publicId, entry));
        return null;
    }

    public Entry Remember(ApiKey key) => _byPublicId[key.PublicId] = new Entry(key, clock.GetUtcNow().UtcDateTime);

    public void Forget(long keyId)
    {
        foreach (var (publicId, entry) in _byPublicId)
            if (entry.Key.Id == keyId) _byPublicId.TryRemove(publicId, out _);
    }
}
