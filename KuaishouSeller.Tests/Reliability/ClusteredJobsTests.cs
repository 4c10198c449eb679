using KuaishouSeller.Core.DemoWorld;
using KuaishouSeller.Core.Jobs;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Npgsql;
using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace KuaishouSeller.Tests.Reliability;

/// <summary>
/// Two OS processes of the published app on one PostgreSQL database behind nginx, one clustered scheduler: a scheduled
/// job runs exactly once per trigger across both nodes; a recompute started on one node shows its progress on the
/// other; killing the node that runs it lets the other node finish it.
/// </summary>
public sealed class ClusteredJobsTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private TestDatabase _database = default!;
    private string _app = "";

    public async Task InitializeAsync()
    {
        _app = await PublishedApp.CurrentAsync();
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await DemoWorldSeeder.SeedAsync(_database.Options, DemoWorldSize.Demo, 618, TimeProvider.System, reset: false);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    /// <summary>Both nodes of one test, with their own cluster names, behind nginx.</summary>
    private async Task<(AppProcess A, AppProcess B, Nginx Proxy)> StartNodesAsync(Dictionary<string, string>? settings = null)
    {
        var suffix = Guid.NewGuid().ToString("N")[..4];
        AppProcess Node(string name) => AppProcess.Start(_app, _database.Options, name,
            new Dictionary<string, string>(settings ?? []) { ["Jobs__InstanceId"] = $"{name}-{suffix}" });
        var (a, b) = (Node("node-a"), Node("node-b"));
        try
        {
            await Task.WhenAll(a.WaitReadyAsync(TimeSpan.FromMinutes(2)), b.WaitReadyAsync(TimeSpan.FromMinutes(2)));
            return (a, b, await Nginx.StartAsync(a.RootUri, b.RootUri));
        }
        catch
        {
            // A node that never got ready, or no proxy: the started processes must not outlive the failed test.
            await a.DisposeAsync();
            await b.DisposeAsync();
            throw;
        }
    }

    [Fact]
    public async Task A_scheduled_job_runs_exactly_once_per_trigger_across_both_nodes()
    {
        // The hourly rollup refresh, every 3 seconds for the test.
        var (a, b, proxy) = await StartNodesAsync(new() { ["Jobs__RollupRefreshCron"] = "0/3 * * * * ?" });
        await using (proxy)
        await using (a)
        await using (b)
        {
            var since = DateTime.UtcNow;
            List<JobRun> runs = [];
            for (var i = 0; i < 120 && runs.Count(r => r.State == JobRunState.Succeeded) < 8; i++)
            {
                await Task.Delay(500);
                await using var db = _database.CreateContext();
                runs = await db.JobRuns.Where(r => r.Kind == JobKinds.RollupRefresh && r.QueuedAt >= since).OrderBy(r => r.ScheduledFor).ToListAsync();
            }
            Assert.True(runs.Count(r => r.State == JobRunState.Succeeded) >= 8, $"Only {runs.Count} rollup runs in a minute:\n{a.Output}\n{b.Output}");
            Assert.False(a.HasExited || b.HasExited, "A node died during the test.");

            // One run per fire time, and no fire time missing between the first and the last.
            var fires = runs.Select(r => r.ScheduledFor!.Value).ToList();
            Assert.Equal(fires.Count, fires.Distinct().Count());
            for (var i = 1; i < fires.Count; i++)
                Assert.Equal(TimeSpan.FromSeconds(3), fires[i] - fires[i - 1]);
            Assert.All(runs, r => Assert.True(r.Node!.StartsWith(a.Name, StringComparison.Ordinal) || r.Node.StartsWith(b.Name, StringComparison.Ordinal)));
            Console.WriteLine("Rollup runs by node: " + string.Join(", ", runs.GroupBy(r => r.Node).Select(g => $"{g.Key} {g.Count()}")));
        }
    }

    [Fact]
    public async Task A_recompute_shows_on_the_other_node_and_survives_the_death_of_the_node_running_it()
    {
        var (a, b, proxy) = await StartNodesAsync();
        await using (proxy)
        await using (a)
        await using (b)
        {
            // Hold every recompute at its last step: a real lock that lets the score pages read but no snapshot be written.
            await using var holder = new NpgsqlConnection(_database.Options.ConnectionString);
            await holder.OpenAsync();
            var hold = await holder.BeginTransactionAsync();
            await using (var lockTable = new NpgsqlCommand("LOCK TABLE \"ScoreSnapshots\" IN EXCLUSIVE MODE", holder, hold))
                await lockTable.ExecuteNonQueryAsync();

            // The platform reviewer asks for a full recompute through the proxy.
            var asking = await chromium.NewPageAsync(proxy.RootUri);
            await Chromium.SignInAsync(asking, "reviewer@demo.ks", DemoWorldSeeder.DemoPassword);
            await asking.GotoAsync("/scores/rulebook");
            await asking.Locator("[data-circuit=ready]").WaitForAsync();
            await asking.ClickAsync("[data-testid=recompute-start]");
            var run = await WaitForRunAsync(r => r.State == JobRunState.Running && r.StageEn == "Writing snapshots", "the recompute to reach its last step");
            var (running, other) = run.Node!.StartsWith(a.Name, StringComparison.Ordinal) ? (a, b) : (b, a);

            // The other node shows that run's progress to a user whose pages it serves.
            var watching = await chromium.NewPageAsync(other.RootUri);
            await Chromium.SignInAsync(watching, "owner@demo.ks", DemoWorldSeeder.DemoPassword);
            await watching.GotoAsync("/scores");
            await watching.Locator("[data-circuit=ready]").WaitForAsync();
            await Expect(watching.Locator("[data-testid=recompute-progress]")).ToContainTextAsync(new Regex("写入快照|Writing snapshots"));
            Assert.Equal(run.Id, (await RunAsync(run.Id)).Id);

            // The node running it dies; its database session goes with it (terminated, as PostgreSQL would on its own once it noticed).
            running.Kill();
            await using (var terminate = new NpgsqlCommand(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()", holder, hold))
                await terminate.ExecuteNonQueryAsync();

            // The other node's scheduler notices the lost node and recovers the run (same run, second attempt).
            var resumed = await WaitForRunAsync(r => r.Id == run.Id && r.Node!.StartsWith(other.Name, StringComparison.Ordinal) && r.Attempts == 2,
                "the other node to take the run over", TimeSpan.FromSeconds(90));
            Assert.Equal(JobRunState.Running, resumed.State);
            await hold.RollbackAsync();

            var finished = await WaitForRunAsync(r => r.Id == run.Id && r.State != JobRunState.Running, "the run to finish", TimeSpan.FromSeconds(90));
            Assert.Equal(JobRunState.Succeeded, finished.State);
            Assert.StartsWith(other.Name, finished.Node);
            await Expect(watching.Locator("[data-testid=recompute-last]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await using (var db = _database.CreateContext())
            {
                Assert.Equal(1, await db.JobRuns.CountAsync(r => r.Lane == JobKinds.ScoresLane));
                Assert.True(await db.ScoreSnapshots.AnyAsync(), "No snapshots were written.");
            }
            // The operator page on the surviving node tells the story: one run, two attempts, finished on the other node.
            var operatorPage = await chromium.NewPageAsync(other.RootUri);
            await Chromium.SignInAsync(operatorPage, "reviewer@demo.ks", DemoWorldSeeder.DemoPassword);
            await operatorPage.GotoAsync("/settings/jobs");
            var row = operatorPage.Locator($"[data-testid=jobs-table] tr[data-kind='{JobKinds.Recompute}']");
            await Expect(row).ToContainTextAsync(finished.Node!);
            await operatorPage.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, "operator-jobs.png"), FullPage = true });

            // Its log lines carry the trace id of the job's span.
            Assert.Contains(other.Output.Split('\n'), line => line.Contains("TraceId:", StringComparison.Ordinal));
        }

        async Task<JobRun> WaitForRunAsync(Func<JobRun, bool> condition, string what, TimeSpan? timeout = null)
        {
            var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
            while (DateTime.UtcNow < until)
            {
                await using var db = _database.CreateContext();
                var found = (await db.JobRuns.Where(r => r.Lane == JobKinds.ScoresLane).ToListAsync()).FirstOrDefault(condition);
                if (found is not null) return found;
                await Task.Delay(200);
            }
            await using var last = _database.CreateContext();
            var runs = await last.JobRuns.ToListAsync();
            throw new TimeoutException($"Waited in vain for {what}. Runs: " +
                string.Join("; ", runs.Select(r => $"{r.Id} {r.Kind} {r.State} {r.StageEn} {r.Node} x{r.Attempts}")));
        }

        async Task<JobRun> RunAsync(long id)
        {
            await using var db = _database.CreateContext();
            return await db.JobRuns.SingleAsync(r => r.Id == id);
        }
    }
}
