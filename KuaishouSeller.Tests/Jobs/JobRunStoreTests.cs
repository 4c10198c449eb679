using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Jobs;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Tests.Jobs;

/// <summary>Job runs in the database, on both providers: one running run per lane, takeovers, and who may read the list.</summary>
public sealed class JobRunStoreTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_lane_runs_one_run_at_a_time_and_a_second_request_is_refused_while_one_is_queued(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var store = new JobRunStore(world.Services.Contexts, world.Clock);
        var first = await store.QueueAsync(JobKinds.Recompute, "王老板", world.Owner, null);
        Assert.NotNull(first);
        Assert.Null(await store.QueueAsync(JobKinds.Recompute, "王老板", world.Owner, null));

        var started = await store.BeginQueuedAsync(first.Id, "node-a");
        Assert.Equal(JobRunState.Running, started!.State);
        Assert.Equal(1, started.Attempts);
        // The nightly fire while the on-demand run is going: recorded as skipped, not run beside it.
        Assert.Null(await store.BeginScheduledAsync(JobKinds.NightlyRecompute, world.Clock.GetUtcNow().UtcDateTime, "scheduler", "node-b", recovering: false));
        await using (var db = world.Db())
            Assert.Equal(JobRunState.Skipped, (await db.JobRuns.SingleAsync(r => r.Kind == JobKinds.NightlyRecompute)).State);

        // The unique index is the last word: a second running row of the lane cannot exist even if a caller skips the checks.
        await using (var db = world.Db())
        {
            db.JobRuns.Add(new JobRun { Kind = JobKinds.Recompute, Lane = JobKinds.ScoresLane, State = JobRunState.Running, RequestedBy = "x", QueuedAt = DateTime.UtcNow });
            var refused = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            Assert.True(JobRunStore.IsUniqueViolation(refused));
        }

        await store.SucceedAsync(first.Id, "node-a", new { shops = 3 });
        Assert.NotNull(await store.QueueAsync(JobKinds.Recompute, "王老板", world.Owner, null));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_node_that_lost_its_run_to_another_can_no_longer_write_it(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var store = new JobRunStore(world.Services.Contexts, world.Clock);
        var run = await store.BeginScheduledAsync(JobKinds.RollupRefresh, world.Clock.GetUtcNow().UtcDateTime, "scheduler", "node-a", recovering: false);
        Assert.NotNull(run);

        // node-a stalls; node-b's scheduler recovers the fire and takes the same run over.
        var resumed = await store.BeginScheduledAsync(JobKinds.RollupRefresh, null, "scheduler", "node-b", recovering: true);
        Assert.Equal(run.Id, resumed!.Id);
        Assert.Equal(2, resumed.Attempts);
        await store.ReportAsync(run.Id, "node-a", new Bilingual("旧节点", "Old node"), 1, 2);
        await store.SucceedAsync(run.Id, "node-a", new { rows = 1 });
        await using (var db = world.Db())
        {
            var now = await db.JobRuns.SingleAsync(r => r.Id == run.Id);
            Assert.Equal(JobRunState.Running, now.State);
            Assert.Equal("node-b", now.Node);
            Assert.NotEqual("Old node", now.StageEn);
        }
        await store.SucceedAsync(run.Id, "node-b", new { rows = 5 });
        await using (var db = world.Db())
            Assert.Equal(JobRunState.Succeeded, (await db.JobRuns.SingleAsync(r => r.Id == run.Id)).State);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_run_whose_node_went_silent_is_abandoned_and_frees_its_lane(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var store = new JobRunStore(world.Services.Contexts, world.Clock);
        var stuck = await store.BeginScheduledAsync(JobKinds.CampaignLockRelease, null, "scheduler", "node-gone", recovering: false);
        world.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(await store.BeginScheduledAsync(JobKinds.CampaignLockRelease, null, "scheduler", "node-b", recovering: false));

        world.Clock.Advance(JobRunRules.AbandonedAfter);
        var next = await store.BeginScheduledAsync(JobKinds.CampaignLockRelease, null, "scheduler", "node-b", recovering: false);
        Assert.NotNull(next);
        await using var db = world.Db();
        var abandoned = await db.JobRuns.SingleAsync(r => r.Id == stuck!.Id);
        Assert.Equal(JobRunState.Failed, abandoned.State);
        Assert.Contains("lost", abandoned.ErrorEn);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Only_the_platform_reads_the_list_of_runs(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var store = new JobRunStore(world.Services.Contexts, world.Clock);
        var run = await store.BeginScheduledAsync(JobKinds.RollupRefresh, null, "scheduler", "node-a", recovering: false);
        await store.FailAsync(run!.Id, "node-a", new Bilingual("任务失败", "The run failed"), new InvalidOperationException("boom"));
        var queries = new JobRunQueries(world.Services.Contexts, world.Services.Access);

        var reviewer = await world.Services.UserIdAsync("reviewer@demo.ks");
        Assert.True(await queries.CanOperateAsync(reviewer));
        var failures = await queries.RecentAsync(reviewer, new JobRunFilter(FailuresOnly: true));
        Assert.Equal("InvalidOperationException: boom", Assert.Single(failures).ErrorDetail);

        Assert.False(await queries.CanOperateAsync(world.Owner));
        await Assert.ThrowsAnyAsync<UserFacingException>(() => queries.RecentAsync(world.Owner, new JobRunFilter()));
    }
}
