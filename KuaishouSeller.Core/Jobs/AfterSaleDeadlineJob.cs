using KuaishouSeller.Core.AfterSales;
using Microsoft.Extensions.Logging;
using Quartz;

namespace KuaishouSeller.Core.Jobs;

/// <summary>
/// Applies the after-sale deadlines (<see cref="AfterSaleDueRules"/>) every five minutes: unanswered requests are accepted
/// and returns not sent in time close, each as its own audited command of the scheduler. Safe to repeat: a request that
/// already moved is skipped by its conditional update.
/// </summary>
[DisallowConcurrentExecution]
public sealed class AfterSaleDeadlineJob(AfterSaleCommands afterSales, JobRunStore runs, TimeProvider clock, ILogger<AfterSaleDeadlineJob> log) : TrackedJob(runs, clock, log)
{
    public const string Kind = "aftersales.deadlines";
    /// <summary>Every five minutes: a request is never accepted more than five minutes after its 48 h.</summary>
    public const string Cron = "0 0/5 * * * ?";
    public static readonly JobKey Key = new("aftersale-deadlines", "ks");

    protected override string DefaultKind => Kind;

    protected override async Task<object> RunAsync(JobRun run, RunProgress progress, CancellationToken ct)
    {
        progress.Report(new("处理到期售后", "Applying after-sale deadlines"), 0, 1);
        var report = await afterSales.ApplyDeadlinesAsync(ct);
        return new { accepted = report.AutoAccepted, closed = report.Closed };
    }

    /// <summary>The job and its trigger, added to the scheduler in one line of <see cref="JobScheduling"/>.</summary>
    public static void Register(IQuartzBuilder q)
    {
        q.AddJob<AfterSaleDeadlineJob>(j => j.WithIdentity(Key).StoreDurably().RequestRecovery());
        q.AddTrigger(t => t.WithIdentity("aftersale-deadlines-5min", "ks").ForJob(Key)
            .UsingJobData(TrackedJob.KindKey, Kind)
            .WithCronSchedule(Cron, c => c.InTimeZone(JobScheduling.Beijing).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
    }
}
