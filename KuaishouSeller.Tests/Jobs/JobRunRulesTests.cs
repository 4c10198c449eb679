using KuaishouSeller.Core.Jobs;

namespace KuaishouSeller.Tests.Jobs;

public sealed class JobRunRulesTests
{
    private static readonly DateTime Now = new(2026, 11, 19, 2, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_running_run_is_abandoned_only_after_two_minutes_without_a_heartbeat()
    {
        var run = new JobRun { State = JobRunState.Running, QueuedAt = Now.AddHours(-1), StartedAt = Now.AddMinutes(-10), HeartbeatAt = Now.AddSeconds(-119) };
        Assert.False(JobRunRules.IsAbandoned(run, Now));
        run.HeartbeatAt = Now.AddSeconds(-121);
        Assert.True(JobRunRules.IsAbandoned(run, Now));
        run.State = JobRunState.Succeeded;
        Assert.False(JobRunRules.IsAbandoned(run, Now));
    }

    [Fact]
    public void Progress_is_written_on_every_stage_change_and_the_last_step_but_at_most_twice_a_second_within_a_stage()
    {
        Assert.True(JobRunRules.ShouldWriteProgress(null, null, "Counting shops", 0, 3, Now));
        Assert.False(JobRunRules.ShouldWriteProgress("Counting shops", Now, "Counting shops", 1, 3, Now.AddMilliseconds(100)));
        Assert.True(JobRunRules.ShouldWriteProgress("Counting shops", Now, "Counting shops", 1, 3, Now.AddMilliseconds(500)));
        Assert.True(JobRunRules.ShouldWriteProgress("Counting shops", Now, "Counting products", 1, 3, Now.AddMilliseconds(10)));
        Assert.True(JobRunRules.ShouldWriteProgress("Writing snapshots", Now, "Writing snapshots", 3, 3, Now.AddMilliseconds(10)));
    }

    [Fact]
    public void The_nightly_and_the_on_demand_recompute_share_one_lane_and_other_jobs_have_their_own()
    {
        Assert.Equal(JobKinds.LaneOf(JobKinds.NightlyRecompute), JobKinds.LaneOf(JobKinds.Recompute));
        Assert.NotEqual(JobKinds.LaneOf(JobKinds.RollupRefresh), JobKinds.LaneOf(JobKinds.CampaignLockRelease));
        Assert.NotEqual(JobKinds.ScoresLane, JobKinds.LaneOf(JobKinds.RollupRefresh));
        Assert.All(JobKinds.All, kind => Assert.False(string.IsNullOrWhiteSpace(JobKinds.NameOf(kind).Zh + JobKinds.NameOf(kind).En)));
    }

    [Fact]
    public void An_outcome_reads_as_a_sentence_in_both_languages()
    {
        var run = new JobRun { Kind = JobKinds.Recompute, State = JobRunState.Succeeded, Outcome = """{"shops":3,"products":120,"creators":9}""" };
        Assert.Equal("3 个店铺、120 个商品、9 位达人", JobRunRules.Outcome(run)!.Value.Zh);
        Assert.Equal("3 shops, 120 products, 9 creators", JobRunRules.Outcome(run)!.Value.En);
        var release = new JobRun { Kind = JobKinds.CampaignLockRelease, State = JobRunState.Succeeded, Outcome = """{"registrations":2,"units":40}""" };
        Assert.Equal("40 units of 2 registrations released", JobRunRules.Outcome(release)!.Value.En);
        var skipped = new JobRun { Kind = JobKinds.RollupRefresh, State = JobRunState.Skipped, Outcome = """{"skipped":true}""" };
        Assert.StartsWith("同一队列", JobRunRules.Outcome(skipped)!.Value.Zh);
        Assert.Null(JobRunRules.Outcome(new JobRun { Kind = JobKinds.RollupRefresh, State = JobRunState.Running }));
    }

    [Fact]
    public void A_run_takes_from_its_start_to_its_end_or_to_now()
    {
        var run = new JobRun { StartedAt = Now.AddSeconds(-30) };
        Assert.Equal(TimeSpan.FromSeconds(30), JobRunRules.Elapsed(run, Now));
        run.FinishedAt = Now.AddSeconds(-10);
        Assert.Equal(TimeSpan.FromSeconds(20), JobRunRules.Elapsed(run, Now));
        Assert.Null(JobRunRules.Elapsed(new JobRun(), Now));
    }
}
