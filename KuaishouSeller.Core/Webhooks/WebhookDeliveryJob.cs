using KuaishouSeller.Core.Jobs;
using Microsoft.Extensions.Logging;
using Quartz;

namespace KuaishouSeller.Core.Webhooks;

/// <summary>
/// Runs the delivery worker (<see cref="WebhookDispatcher"/>) every 30 seconds. Never concurrent across the cluster;
/// the worker's conditional claims keep two runs apart even if one were to overlap (a recovered run, say).
/// </summary>
[DisallowConcurrentExecution]
public sealed class WebhookDeliveryJob(WebhookDispatcher dispatcher, JobRunStore runs, TimeProvider clock, ILogger<WebhookDeliveryJob> log) : TrackedJob(runs, clock, log)
{
    public const string Kind = "webhooks.deliver";
    /// <summary>Every 30 s: an event reaches its receiver within about half a minute, the retry schedule counts in minutes.</summary>
    public const string Cron = "0/30 * * * * ?";
    public static readonly JobKey Key = new("webhook-delivery", "ks");

    protected override string DefaultKind => Kind;

    protected override async Task<object> RunAsync(JobRun run, RunProgress progress, CancellationToken ct)
    {
        progress.Report(new("推送 Webhook", "Delivering webhooks"), 0, 1);
        var report = await dispatcher.RunOnceAsync(ct);
        return new { dispatched = report.Dispatched, delivered = report.Delivered, failed = report.Failed, disabled = report.Disabled };
    }

    /// <summary>The job and its trigger, added to the scheduler in one line of <see cref="JobScheduling"/>.</summary>
    public static void Register(IQuartzBuilder q)
    {
        q.AddJob<WebhookDeliveryJob>(j => j.WithIdentity(Key).StoreDurably().RequestRecovery());
        q.AddTrigger(t => t.WithIdentity("webhook-delivery-30s", "ks").ForJob(Key)
            .UsingJobData(TrackedJob.KindKey, Kind)
            .WithCronSchedule(Cron, c => c.InTimeZone(JobScheduling.Beijing).WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing)));
    }
}
