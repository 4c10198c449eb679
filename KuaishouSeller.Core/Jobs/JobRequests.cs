using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Scores;
using Microsoft.Extensions.Logging;
using Quartz;

namespace KuaishouSeller.Core.Jobs;

/// <summary>Work a person asks for: checked and audited first, then queued as a run in the database and handed to the scheduler.</summary>
public sealed class JobRequests(ScoreService scores, JobRunStore runs, ISchedulerFactory schedulers, ILogger<JobRequests> log)
{
    /// <summary>
    /// Queues a recompute (one shop's scores, or every score for the platform). Refused without the right; null when a
    /// recompute (on demand or nightly) is already queued or running on any node.
    /// </summary>
    public async Task<JobRun?> RequestRecomputeAsync(string userId, string userName, long? shopId, CancellationToken ct = default)
    {
        await scores.AuthoriseRecomputeAsync(userId, shopId, ct);
        var run = await runs.QueueAsync(JobKinds.Recompute, userName, userId, shopId, ct);
        if (run is null) return null;
        try
        {
            var scheduler = await schedulers.GetScheduler(ct);
            await scheduler.ScheduleJob(JobScheduling.RunTrigger(JobScheduling.ScoreRecompute, run, scheduler.TimeProvider), cancellationToken: ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Run {Run} could not be handed to the scheduler", run.Id);
            var message = new Bilingual("任务调度暂不可用，请稍后重试。", "The scheduler is unavailable right now; try again later.");
            await runs.FailQueuedAsync(run.Id, message, e, CancellationToken.None);
            throw new ConflictException(message);
        }
        return run;
    }
}
