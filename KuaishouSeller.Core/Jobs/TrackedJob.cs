using System.Diagnostics;
using KuaishouSeller.Core.Common;
using Microsoft.Extensions.Logging;
using Quartz;

namespace KuaishouSeller.Core.Jobs;

/// <summary>
/// What every job does around its work: start (or resume) its run in the database, write a heartbeat and throttled
/// progress while it works, record the outcome or the error, and time it (a span and the job-duration histogram).
/// A job class only names its kind and does its work.
/// </summary>
public abstract class TrackedJob(JobRunStore runs, TimeProvider clock, ILogger log) : IJob
{
    public const string KindKey = "kind", RunIdKey = "runId";

    protected abstract string DefaultKind { get; }

    /// <summary>The work; returns what it did as a small object of counts (stored as the run's outcome).</summary>
    protected abstract Task<object> RunAsync(JobRun run, RunProgress progress, CancellationToken ct);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var data = context.MergedJobDataMap;
        var kind = data.TryGetValue(KindKey, out var k) && k is string named ? named : DefaultKind;
        var node = context.Scheduler.SchedulerInstanceId;
        var run = data.TryGetValue(RunIdKey, out var r) && long.TryParse(r as string, out var runId)
            ? await runs.BeginQueuedAsync(runId, node, cancellationToken)
            : await runs.BeginScheduledAsync(kind, context.ScheduledFireTimeUtc?.UtcDateTime, "scheduler", node, context.Recovering, cancellationToken);
        if (run is null)
        {
            log.LogInformation("{Kind}: another run of its lane is going or it already ended; nothing to do", kind);
            AppTelemetry.JobDuration.Record(0, Tags(kind, "skipped"));
            return;
        }

        using var activity = AppTelemetry.Source.StartActivity($"job {kind}");
        activity?.SetTag("ks.job.kind", kind);
        activity?.SetTag("ks.job.run_id", run.Id);
        activity?.SetTag("ks.job.attempt", run.Attempts);
        activity?.SetTag("ks.job.node", node);
        var started = Stopwatch.GetTimestamp();
        var progress = new RunProgress(runs, run.Id, node, clock);
        using var beating = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(run.Id, node, beating.Token);
        var outcome = "succeeded";
        try
        {
            if (run.Attempts > 1)
                log.LogWarning("{Kind} run {Run} resumed on {Node} (attempt {Attempt}): the node that ran it was lost", kind, run.Id, node, run.Attempts);
            var result = await RunAsync(run, progress, cancellationToken);
            await progress.FlushAsync();
            await runs.SucceedAsync(run.Id, node, result, CancellationToken.None);
            log.LogInformation("{Kind} run {Run} succeeded on {Node} in {Ms} ms", kind, run.Id, node, (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception e)
        {
            outcome = "failed";
            activity?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            log.LogError(e, "{Kind} run {Run} failed on {Node}", kind, run.Id, node);
            await progress.FlushAsync();
            var message = e is UserFacingException u ? u.UserMessage : new Bilingual("任务失败，请稍后重试。", "The run failed; try again later.");
            await runs.FailAsync(run.Id, node, message, e, CancellationToken.None);
        }
        finally
        {
            await beating.CancelAsync();
            await heartbeat;
            AppTelemetry.JobDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, Tags(kind, outcome));
        }
    }

    private async Task HeartbeatAsync(long runId, string node, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(JobRunRules.HeartbeatInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try { await runs.HeartbeatAsync(runId, node, ct); }
                catch (Exception e) when (e is not OperationCanceledException) { log.LogDebug(e, "Heartbeat of run {Run} failed", runId); }
            }
        }
        catch (OperationCanceledException)
        {
            // the run ended
        }
    }

    private static KeyValuePair<string, object?>[] Tags(string kind, string outcome) => [new("job.kind", kind), new("outcome", outcome)];
}

/// <summary>Progress of one run, written to the database when it is worth writing (<see cref="JobRunRules.ShouldWriteProgress"/>), in order.</summary>
public sealed class RunProgress(JobRunStore runs, long runId, string node, TimeProvider clock)
{
    private readonly Lock _gate = new();
    private Task _writes = Task.CompletedTask;
    private string? _lastStage;
    private DateTime? _lastWrite;

    public void Report(Bilingual stage, int done, int total)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        lock (_gate)
        {
            if (!JobRunRules.ShouldWriteProgress(_lastStage, _lastWrite, stage.En, done, total, now)) return;
            (_lastStage, _lastWrite) = (stage.En, now);
            var previous = _writes;
            _writes = WriteAfterAsync(previous, stage, done, total);
        }
    }

    private async Task WriteAfterAsync(Task previous, Bilingual stage, int done, int total)
    {
        await previous;
        try { await runs.ReportAsync(runId, node, stage, done, total); }
        catch (Exception e) when (e is not OperationCanceledException) { /* progress is best effort; the outcome is written after */ _ = e; }
    }

    public Task FlushAsync()
    {
        lock (_gate) return _writes;
    }
}
