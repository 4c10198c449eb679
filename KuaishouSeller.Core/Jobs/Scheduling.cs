using System.Globalization;
using KuaishouSeller.Core.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace KuaishouSeller.Core.Jobs;

/// <summary>Bound from the "Jobs" configuration section. Cron expressions are Quartz's (seconds first), in Beijing time.</summary>
public sealed class JobOptions
{
    /// <summary>Off: this process schedules nothing and runs no job (tools, benchmarks).</summary>
    public bool Enabled { get; set; } = true;
    public string RollupRefreshCron { get; set; } = "0 5 * * * ?";
    public string CampaignLockReleaseCron { get; set; } = "0 15 * * * ?";
    /// <summary>02:00, when yesterday's facts are complete.</summary>
    public string NightlyRecomputeCron { get; set; } = "0 0 2 * * ?";
    /// <summary>
    /// How often a node tells the cluster it is alive. A node silent for this plus <see cref="ClusterMisfireThreshold"/>
    /// is taken as lost and its runs are recovered by another node: 5 + 5 s, so a killed node's recompute resumes within
    /// about 15 s, for one small UPDATE per node every 5 s.
    /// </summary>
    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan ClusterMisfireThreshold { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>Jobs one node runs at once: the four jobs, and more would only compete for the database.</summary>
    public int Threads { get; set; } = 4;
    /// <summary>The node's name in the cluster (shown on every run it does); empty means host name and process id.</summary>
    public string? InstanceId { get; set; }

    public string EffectiveInstanceId =>
        string.IsNullOrWhiteSpace(InstanceId) ? $"{Environment.MachineName}-{Environment.ProcessId}" : InstanceId.Trim();

    public static JobOptions From(IConfiguration configuration)
    {
        var options = new JobOptions();
        configuration.GetSection("Jobs").Bind(options);
        return options;
    }
}

/// <summary>The Quartz setup: one persistent store in the app's database (clustered on PostgreSQL), the jobs and their triggers.</summary>
public static class JobScheduling
{
    public const string SchedulerName = "KuaishouSeller";
    public static readonly JobKey RollupRefresh = new("rollup-refresh", "ks");
    public static readonly JobKey CampaignLockRelease = new("campaign-lock-release", "ks");
    public static readonly JobKey ScoreRecompute = new("score-recompute", "ks");
    public static readonly JobKey DemoCarrierScans = new("demo-carrier-scans", "ks");

    /// <summary>Beijing time for the cron triggers (the IANA id, so the stored trigger resolves on every node).</summary>
    public static TimeZoneInfo Beijing => TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static IServiceCollection AddKuaishouJobs(this IServiceCollection services, DatabaseOptions database, JobOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<JobRunStore>();
        services.AddSingleton<JobRunWatcher>();
        services.AddSingleton<SchedulerState>();
        services.AddScoped<JobRunQueries>();
        services.AddScoped<JobRequests>();
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = SchedulerName;
                s.InstanceId = options.EffectiveInstanceId;
            });
            q.UseDefaultThreadPool(options.Threads);
            q.UsePersistentStore(store =>
            {
                // Job data as strings (run ids), so the stored rows are readable and no type is ever deserialised.
                store.ConfigureStore(o =>
                {
                    o.StoreJobDataAsStrings = true;
                    // A trigger later than this is handled by its misfire instruction (below) rather than fired late as if on time.
                    o.MisfireThreshold = TimeSpan.FromSeconds(30);
                });
                if (database.Provider == DatabaseProvider.Postgres)
                {
                    store.UsePostgres(database.EffectiveConnectionString);
                    store.UseClustering(c =>
                    {
                        c.CheckinInterval = options.ClusterCheckinInterval;
                        c.CheckinMisfireThreshold = options.ClusterMisfireThreshold;
                    });
                }
                else
                {
                    // SQLite is one node's database: the same store, not clustered.
                    store.UseSqlite(database.EffectiveConnectionString);
                }
            });

            // Every job survives a lost node (RequestRecovery: another node, or this one after a restart, runs it again;
            // each job is safe to repeat) and never overlaps itself ([DisallowConcurrentExecution] on the class).
            q.AddJob<RollupRefreshJob>(j => j.WithIdentity(RollupRefresh).StoreDurably().RequestRecovery());
            q.AddJob<CampaignLockReleaseJob>(j => j.WithIdentity(CampaignLockRelease).StoreDurably().RequestRecovery());
            q.AddJob<ScoreRecomputeJob>(j => j.WithIdentity(ScoreRecompute).StoreDurably().RequestRecovery());
            AfterSaleDeadlineJob.Register(q);
            OrderCompletionJob.Register(q);
            KuaishouSeller.Core.Webhooks.WebhookDeliveryJob.Register(q);
            q.AddJob<DemoCarrierJob>(j => j.WithIdentity(DemoCarrierScans).StoreDurably().RequestRecovery());
            q.AddTrigger<DemoCarrierJob>(t => t.WithIdentity("demo-carrier-scans-10min", "ks").ForJob(DemoCarrierScans).UsingJobData(TrackedJob.KindKey, JobKinds.DemoCarrierScans)
                .WithCronSchedule("0 */10 * * * ?", c => c.InTimeZone(Beijing).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));

            // Misfires (every node down at the hour): fire once as soon as a node is back, then keep the schedule. The
            // refresh and the release catch up on everything missed in one run, so one is enough; the nightly recompute
            // of a missed night still scores yesterday.
            q.AddTrigger<RollupRefreshJob>(t => t.WithIdentity("rollup-refresh-hourly", "ks").ForJob(RollupRefresh)
                .UsingJobData(TrackedJob.KindKey, JobKinds.RollupRefresh)
                .WithCronSchedule(options.RollupRefreshCron, c => c.InTimeZone(Beijing).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
            q.AddTrigger<CampaignLockReleaseJob>(t => t.WithIdentity("campaign-lock-release-hourly", "ks").ForJob(CampaignLockRelease)
                .UsingJobData(TrackedJob.KindKey, JobKinds.CampaignLockRelease)
                .WithCronSchedule(options.CampaignLockReleaseCron, c => c.InTimeZone(Beijing).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
            q.AddTrigger<ScoreRecomputeJob>(t => t.WithIdentity("score-recompute-nightly", "ks").ForJob(ScoreRecompute)
                .UsingJobData(TrackedJob.KindKey, JobKinds.NightlyRecompute)
                .WithCronSchedule(options.NightlyRecomputeCron, c => c.InTimeZone(Beijing).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
        });
        return services;
    }

    /// <summary>
    /// The one-off trigger of a queued run. Fire now; if no node is up (a restart, every node down) it fires as soon as one
    /// is, because the trigger is in the database: a queued run is never lost.
    /// </summary>
    /// <remarks>"Now" is the scheduler's clock (the app's <see cref="TimeProvider"/>, which Quartz takes from the container).</remarks>
    public static ITrigger RunTrigger(JobKey job, JobRun run, TimeProvider schedulerClock) => TriggerBuilder.Create(schedulerClock)
        .WithIdentity($"run-{run.Id}", "ks-requests")
        .ForJob(job)
        .UsingJobData(TrackedJob.KindKey, run.Kind)
        .UsingJobData(TrackedJob.RunIdKey, run.Id.ToString(CultureInfo.InvariantCulture))
        .StartNow()
        .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
        .Build();
}

/// <summary>Whether this node's scheduler runs, for /health/ready and the operator page.</summary>
public sealed class SchedulerState
{
    private IScheduler? _scheduler;

    /// <summary>Running right now (a scheduler that shut down or failed does not count).</summary>
    public bool Started => _scheduler?.Status == SchedulerStatus.Running;
    public string? InstanceId => _scheduler?.SchedulerInstanceId;
    public string? Problem { get; private set; }

    public void Running(IScheduler scheduler) => (_scheduler, Problem) = (scheduler, null);
    public void Stopped(string? problem) => Problem = problem;
}
