using KuaishouSeller.Core.Jobs;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Tests.Infrastructure;
using KuaishouSeller.Tests.Reliability;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace KuaishouSeller.Tests.Jobs;

/// <summary>The real app's scheduler on its own database, on both providers: asked-for work runs, and a queued run outlives a restart.</summary>
public sealed class SchedulerInTheAppTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_recompute_asked_for_runs_through_the_scheduler_and_ends_as_a_succeeded_run(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        await using var app = new ExistingDatabaseApp(world.Database.Options, settings: new Dictionary<string, string> { ["Jobs:InstanceId"] = "test-node" });
        app.Start();
        var reviewer = await world.Services.UserIdAsync("reviewer@demo.ks");
        JobRun? queued;
        using (var scope = app.Services.CreateScope())
            queued = await scope.ServiceProvider.GetRequiredService<JobRequests>().RequestRecomputeAsync(reviewer, "平台小二", null);
        Assert.NotNull(queued);

        var run = await WaitAsync(world, queued.Id, r => r.State is JobRunState.Succeeded or JobRunState.Failed);
        Assert.Equal(JobRunState.Succeeded, run.State);
        Assert.Equal("test-node", run.Node);
        Assert.Equal("平台小二", run.RequestedBy);
        Assert.Matches(@"\d+ shops, \d+ products, \d+ creators", JobRunRules.Outcome(run)!.Value.En);

        // The schedule itself is in the database (the tables the ClusteredJobs migration made): the nightly run at 02:00 Beijing time.
        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var nightly = (ICronTrigger)(await scheduler.GetTrigger(new TriggerKey("score-recompute-nightly", "ks")))!;
        Assert.Equal("0 0 2 * * ?", nightly.CronExpressionString);
        Assert.Equal("Asia/Shanghai", nightly.TimeZone.Id);
        Assert.Equal(2, TimeZoneInfo.ConvertTime(nightly.NextFireTimeUtc!.Value, nightly.TimeZone).Hour);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_queued_run_is_not_lost_when_the_app_stops_before_running_it(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var reviewer = await world.Services.UserIdAsync("reviewer@demo.ks");
        long runId;
        await using (var stopped = new ExistingDatabaseApp(world.Database.Options, settings: new Dictionary<string, string> { ["Jobs:Enabled"] = "false" }))
        {
            stopped.Start();
            using var scope = stopped.Services.CreateScope();
            runId = (await scope.ServiceProvider.GetRequiredService<JobRequests>().RequestRecomputeAsync(reviewer, "平台小二", null))!.Id;
        }
        await using (var db = world.Db())
            Assert.Equal(JobRunState.Queued, (await db.JobRuns.SingleAsync(r => r.Id == runId)).State);

        // A restarted node (scheduler on) finds the trigger in the database and runs the queued run.
        await using var restarted = new ExistingDatabaseApp(world.Database.Options, settings: new Dictionary<string, string> { ["Jobs:InstanceId"] = "restarted" });
        restarted.Start();
        var run = await WaitAsync(world, runId, r => r.State is JobRunState.Succeeded or JobRunState.Failed);
        Assert.Equal(JobRunState.Succeeded, run.State);
        Assert.Equal("restarted", run.Node);
    }

    private static async Task<JobRun> WaitAsync(SeededWorld world, long id, Func<JobRun, bool> done)
    {
        for (var i = 0; i < 600; i++)
        {
            await using var db = world.Db();
            var run = await db.JobRuns.SingleAsync(r => r.Id == id);
            if (done(run)) return run;
            await Task.Delay(100);
        }
        throw new TimeoutException($"Run {id} did not finish within a minute.");
    }
}
