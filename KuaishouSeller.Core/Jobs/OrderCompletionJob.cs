using KuaishouSeller.Core.Orders;
using Microsoft.Extensions.Logging;
using Quartz;

namespace KuaishouSeller.Core.Jobs;

/// <summary>
/// Completes the orders delivered long enough ago (<see cref="OrderDueRules"/>) every hour, in one set-based command of
/// the scheduler. Safe to repeat: the conditional update moves only orders still delivered.
/// </summary>
[DisallowConcurrentExecution]
public sealed class OrderCompletionJob(OrderCommands orders, JobRunStore runs, TimeProvider clock, ILogger<OrderCompletionJob> log) : TrackedJob(runs, clock, log)
{
    public const string Kind = "orders.complete";
    public const string Cron = "0 15 * * * ?";
    public static readonly JobKey Key = new("order-completion", "ks");

    protected override string DefaultKind => Kind;

    protected override async Task<object> RunAsync(JobRun run, RunProgress progress, CancellationToken ct)
    {
        progress.Report(new("自动确认收货", "Completing delivered orders"), 0, 1);
        return new { completed = await orders.CompleteDeliveredAsync(ct) };
    }

    /// <summary>The job and its trigger, added to the scheduler in one line of <see cref="JobScheduling"/>.</summary>
    public static void Register(IQuartzBuilder q)
    {
        q.AddJob<OrderCompletionJob>(j => j.WithIdentity(Key).StoreDurably().RequestRecovery());
        q.AddTrigger(t => t.WithIdentity("order-completion-hourly", "ks").ForJob(Key)
            .UsingJobData(TrackedJob.KindKey, Kind)
            .WithCronSchedule(Cron, c => c.InTimeZone(JobScheduling.Beijing).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
    }
}
