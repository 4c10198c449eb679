using KuaishouSeller.Core.Persistence;

namespace KuaishouSeller.Tests.Infrastructure;

/// <summary>
/// One seeded demo world per provider, shared by every test of a class that only reads it (seeding costs seconds a
/// world). A class that changes data makes its own <see cref="SeededWorld"/>.
/// </summary>
public sealed class SharedSeededWorlds : IAsyncLifetime
{
    private readonly Dictionary<DatabaseProvider, Task<SeededWorld>> _worlds = [];
    private readonly Lock _gate = new();

    public Task<SeededWorld> ForAsync(DatabaseProvider provider)
    {
        lock (_gate)
        {
            if (!_worlds.TryGetValue(provider, out var world))
                _worlds[provider] = world = SeededWorld.CreateAsync(provider);
            return world;
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var world in _worlds.Values)
            await (await world).DisposeAsync();
    }
}
