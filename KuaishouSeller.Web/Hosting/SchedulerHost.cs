using KuaishouSeller.Core.Jobs;
using Quartz;

namespace KuaishouSeller.Web.Hosting;

/// <summary>
/// Starts this node's scheduler once the database is ready (migrated), and keeps trying while it is not: a node whose
/// database is down starts, serves its clear 503 page, and joins the cluster when the database is back. On shutdown it
/// lets the running jobs finish (the host's shutdown timeout bounds the wait); a node that dies instead has its runs
/// recovered by another node.
/// </summary>
public sealed class SchedulerHost(ISchedulerFactory schedulers, DatabaseGate gate, SchedulerState state, JobOptions options, ILogger<SchedulerHost> log)
    : BackgroundService
{
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(5);
    private IScheduler? _scheduler;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled)
        {
            state.Stopped("Jobs:Enabled is false on this node");
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!gate.Health.IsReady && gate.ShouldRetry) await gate.CheckAsync(log, stoppingToken);
                if (gate.Health.IsReady)
                {
                    var scheduler = await schedulers.GetScheduler(stoppingToken);
                    await scheduler.Start(stoppingToken);
                    _scheduler = scheduler;
                    state.Running(scheduler);
                    log.LogInformation("Scheduler started: node {Node}", scheduler.SchedulerInstanceId);
                    return;
                }
                state.Stopped("waiting for the database");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                state.Stopped(e.GetBaseException().Message);
                log.LogWarning("Scheduler not started, trying again in {Seconds} s: {Problem}", Retry.TotalSeconds, e.GetBaseException().Message);
            }
            try { await Task.Delay(Retry, stoppingToken); } catch (OperationCanceledException) { return; }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_scheduler is { Status: SchedulerStatus.Running or SchedulerStatus.Standby } scheduler)
        {
            state.Stopped("shut down");
            try
            {
                await scheduler.Shutdown(waitForJobsToComplete: true, cancellationToken);
            }
            catch (ObjectDisposedException)
            {
                // Quartz's cluster manager resolves the scheduler lazily from the container while it stops; when the host
                // has already disposed the container (its shutdown timeout passed), the store is left to the other nodes,
                // as for a node that dies: its runs are recovered there.
                log.LogInformation("Scheduler stopped after the host's services were disposed");
            }
        }
    }
}
