using KuaishouSeller.Core.Campaigns;
using KuaishouSeller.Core.Rollups;
using KuaishouSeller.Core.Scores;
using Microsoft.Extensions.Logging;
using Quartz;

namespace KuaishouSeller.Core.Jobs;

/// <summary>Refreshes the daily rollups (incrementally, three days back for late cancellations) every hour.</summary>
[DisallowConcurrentExecution]
public sealed class RollupRefreshJob(RollupService rollups, JobRunStore runs, TimeProvider clock, ILogger<RollupRefreshJob> log) : TrackedJob(runs, clock, log)
{
    protected override string DefaultKind => JobKinds.RollupRefresh;

    protected override async Task<object> RunAsync(JobRun run, RunProgress progress, CancellationToken ct)
    {
        progress.Report(new("汇总中", "Rolling up"), 0, 1);
        var report = await rollups.RefreshAsync(ct);
        return new { rows = report.Rows, from = report.From, to = report.To };
    }
}

/// <summary>Releases the stock approved registrations still lock once their campaign is over, every hour.</summary>
[DisallowConcurrentExecution]
public sealed class CampaignLockReleaseJob(IServiceProvider services, JobRunStore runs, TimeProvider clock, ILogger<CampaignLockReleaseJob> log) : TrackedJob(runs, clock, log)
{
    protected override string DefaultKind => JobKinds.CampaignLockRelease;

    protected override async Task<object> RunAsync(JobRun run, RunProgress progress, CancellationToken ct)
    {
        progress.Report(new("释放中", "Releasing"), 0, 1);
        var report = await CampaignLockRelease.ReleaseEndedAsync(services, ct);
        return new { registrations = report.Registrations, units = report.Units };
    }
}

/// <summary>
/// Recomputes scores: nightly (every score for yesterday) and on demand (a run queued by <see cref="JobRequests"/>).
/// One Quartz job for both, never concurrent across the cluster, so the two can never write snapshots at once.
/// </summary>
[DisallowConcurrentExecution]
public sealed class ScoreRecomputeJob(ScoreService scores, JobRunStore runs, TimeProvider clock, ILogger<ScoreRecomputeJob> log) : TrackedJob(runs, clock, log)
{
    protected override string DefaultKind => JobKinds.NightlyRecompute;

    protected override async Task<object> RunAsync(JobRun run, RunProgress progress, CancellationToken ct)
    {
        var report = await scores.RecomputeAsync(scores.LatestCompleteDay, run.ShopId is { } shop ? [shop] : null,
            new ProgressTo(progress), ct);
        return new { day = report.Day, shops = report.Shops, products = report.Products, creators = report.Creators, ms = (long)report.Took.TotalMilliseconds };
    }

    private sealed class ProgressTo(RunProgress progress) : IProgress<ScoreProgress>
    {
        public void Report(ScoreProgress value) => progress.Report(value.Stage, value.Done, value.Total);
    }
}
