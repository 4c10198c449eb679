using KuaishouSeller.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace KuaishouSeller.Core.Jobs;

/// <summary>
/// Tells open pages on this node how a lane's runs are going, from the database, so a run on any node shows on every
/// node. One poll per node per second while anybody watches (not one per open page), and a callback only on change.
/// </summary>
public sealed class JobRunWatcher(IDbContextFactory<AppDbContext> contexts, ILogger<JobRunWatcher> log) : IAsyncDisposable
{
    /// <summary>A second: progress moves visibly, and a node pays one small indexed query a second for all its pages.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<Action<LaneStatus>>> _watchers = [];
    private readonly Dictionary<string, LaneStatus> _last = [];
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    /// <summary>The callback gets the lane's status now and on every change after, from a background thread.</summary>
    public IDisposable Watch(string lane, Action<LaneStatus> changed)
    {
        lock (_gate)
        {
            if (!_watchers.TryGetValue(lane, out var list)) _watchers[lane] = list = [];
            list.Add(changed);
            _loop ??= Task.Run(LoopAsync);
        }
        return new Subscription(this, lane, changed);
    }

    /// <summary>Polls at once instead of at the next tick (after this node queued a run, say).</summary>
    public Task RefreshAsync(CancellationToken ct = default) => PollAsync(ct);

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(PollInterval);
        do
        {
            try
            {
                await PollAsync(_stop.Token);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogDebug(e, "Job run poll failed; trying again");
            }
        }
        while (await NextAsync(timer));
    }

    private async Task<bool> NextAsync(PeriodicTimer timer)
    {
        try { return await timer.WaitForNextTickAsync(_stop.Token); }
        catch (OperationCanceledException) { return false; }
    }

    private async Task PollAsync(CancellationToken ct)
    {
        string[] lanes;
        lock (_gate) lanes = _watchers.Where(w => w.Value.Count > 0).Select(w => w.Key).ToArray();
        if (lanes.Length == 0) return;
        await using var db = await contexts.CreateDbContextAsync(ct);
        foreach (var lane in lanes)
        {
            var status = await JobRunQueries.LaneAsync(db, lane, ct);
            Action<LaneStatus>[] notify;
            lock (_gate)
            {
                if (_last.TryGetValue(lane, out var before) && before.Fingerprint == status.Fingerprint) continue;
                _last[lane] = status;
                notify = _watchers.TryGetValue(lane, out var list) ? list.ToArray() : [];
            }
            foreach (var callback in notify) callback(status);
        }
    }

    private void Unwatch(string lane, Action<LaneStatus> changed)
    {
        lock (_gate)
            if (_watchers.TryGetValue(lane, out var list)) list.Remove(changed);
    }

    /// <summary>The last status seen for the lane (a new watcher gets it at once, then updates).</summary>
    public LaneStatus? Last(string lane)
    {
        lock (_gate) return _last.GetValueOrDefault(lane);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null) await _loop;
        _stop.Dispose();
    }

    private sealed class Subscription(JobRunWatcher owner, string lane, Action<LaneStatus> changed) : IDisposable
    {
        public void Dispose() => owner.Unwatch(lane, changed);
    }
}
