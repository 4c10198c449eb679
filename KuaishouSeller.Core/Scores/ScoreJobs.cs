using KuaishouSeller.Core.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KuaishouSeller.Core.Scores;

public sealed record ScoreJobStatus(bool Running, Bilingual Stage, int Done, int Total, string? RequestedBy, DateTime? StartedAt, DateTime? FinishedAt,
    RecomputeReport? Last, Bilingual? Error)
{
    public static readonly ScoreJobStatus Idle = new(false, new("空闲", "Idle"), 0, 0, null, null, null, null, null);
}

/// <summary>
/// Runs score recomputes in the background, one at a time, and tells every open page how far it has got. Both the
/// "recompute now" button and the nightly job start runs here.
/// </summary>
public sealed class ScoreJobs(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ScoreJobs> log)
{
    private readonly Lock _gate = new();
    private Task _current = Task.CompletedTask;

    public ScoreJobStatus Status { get; private set; } = ScoreJobStatus.Idle;

    /// <summary>Raised on every change of <see cref="Status"/>, from a background thread.</summary>
    public event Action? Changed;

    /// <summary>Checks the user's right, then starts the run; false when a run is already going.</summary>
    public async Task<bool> StartForUserAsync(string userId, string userName, long? shopId, CancellationToken ct = default)
    {
        using (var scope = scopes.CreateScope())
            await scope.ServiceProvider.GetRequiredService<ScoreService>().AuthoriseRecomputeAsync(userId, shopId, ct);
        return TryStart(userName, (scores, progress, token) =>
            scores.RecomputeAsync(scores.LatestCompleteDay, shopId is null ? null : [shopId.Value], progress, token));
    }

    /// <summary>The nightly run: every score for yesterday.</summary>
    public bool StartNightly() => TryStart("nightly", (scores, progress, token) => scores.RecomputeAsync(scores.LatestCompleteDay, null, progress, token));

    /// <summary>Waits for the run in progress (tests and shutdown).</summary>
    public Task WhenIdleAsync() => _current;

    private bool TryStart(string requestedBy, Func<ScoreService, IProgress<ScoreProgress>, CancellationToken, Task<RecomputeReport>> run)
    {
        lock (_gate)
        {
            if (Status.Running) return false;
            Update(new ScoreJobStatus(true, new("排队中", "Starting"), 0, 1, requestedBy, clock.GetUtcNow().UtcDateTime, null, Status.Last, null));
            _current = Task.Run(async () =>
            {
                try
                {
                    using var scope = scopes.CreateScope();
                    var progress = new Progress<ScoreProgress>(p => Update(Status with { Stage = p.Stage, Done = p.Done, Total = p.Total }));
                    var report = await run(scope.ServiceProvider.GetRequiredService<ScoreService>(), progress, CancellationToken.None);
                    log.LogInformation("Scores recomputed for {Day}: {Shops} shops, {Products} products, {Creators} creators in {Ms} ms",
                        report.Day, report.Shops, report.Products, report.Creators, (int)report.Took.TotalMilliseconds);
                    Update(Status with { Running = false, Stage = new("完成", "Done"), Done = 1, Total = 1, FinishedAt = clock.GetUtcNow().UtcDateTime, Last = report });
                }
                catch (Exception e)
                {
                    log.LogError(e, "Score recompute failed");
                    Update(Status with { Running = false, FinishedAt = clock.GetUtcNow().UtcDateTime,
                        Error = e is DomainException d ? d.UserMessage : new("重算失败，请稍后重试。", "The recompute failed; try again later.") });
                }
            });
            return true;
        }
    }

    private void Update(ScoreJobStatus status)
    {
        Status = status;
        Changed?.Invoke();
    }
}

/// <summary>Starts the full recompute every night at 02:00 Beijing time, when yesterday's facts are complete.</summary>
public sealed class NightlyScoreJob(ScoreJobs jobs, TimeProvider clock, ILogger<NightlyScoreJob> log) : BackgroundService
{
    public static TimeSpan UntilNextRun(DateTimeOffset nowUtc)
    {
        var local = nowUtc.ToOffset(TimeSpan.FromHours(ShanghaiTime.UtcOffsetHours));
        var next = new DateTimeOffset(local.Year, local.Month, local.Day, 2, 0, 0, local.Offset);
        if (next <= local) next = next.AddDays(1);
        return next - local;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = UntilNextRun(clock.GetUtcNow());
            log.LogInformation("Next nightly score run in {Wait}", wait);
            try { await Task.Delay(wait, clock, stoppingToken); }
            catch (OperationCanceledException) { return; }
            if (!jobs.StartNightly()) log.LogInformation("A score run was already going; the nightly run is skipped");
        }
    }
}
