using System.Text.Json;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace KuaishouSeller.Core.Jobs;

/// <summary>
/// Writes job runs. These rows are the scheduler's own bookkeeping (what ran where and how far it got), not a change
/// anybody's rights govern, so they are written directly with one conditional statement each rather than through the
/// command runner; the work a job does (lock releases, the recompute request) goes through the runner and is audited.
/// Every write after the start is conditional on the node that holds the run, so a node that lost its run to another
/// (it stalled, the other recovered it) cannot overwrite the newer progress.
/// </summary>
public sealed class JobRunStore(IDbContextFactory<AppDbContext> contexts, TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Queues an on-demand run; null when a run of the same lane is already queued or running.</summary>
    public async Task<JobRun?> QueueAsync(string kind, string requestedBy, string? userId, long? shopId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var lane = JobKinds.LaneOf(kind);
        await AbandonStaleAsync(db, lane, ct);
        if (await db.Set<JobRun>().AnyAsync(r => r.Lane == lane && (r.State == JobRunState.Queued || r.State == JobRunState.Running), ct))
            return null;
        var run = new JobRun
        {
            Kind = kind, Lane = lane, State = JobRunState.Queued, RequestedBy = requestedBy, RequestedByUserId = userId, ShopId = shopId,
            QueuedAt = Now, StageZh = "排队中", StageEn = "Queued", Total = 1,
        };
        db.Add(run);
        await db.SaveChangesAsync(ct);
        return run;
    }

    /// <summary>
    /// Starts (or, on another node after a crash, resumes) a queued run. Null when it has already ended, or when another
    /// run of its lane is running (the unique index refuses the second).
    /// </summary>
    public async Task<JobRun?> BeginQueuedAsync(long runId, string node, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = Now;
        var lane = await db.Set<JobRun>().Where(r => r.Id == runId).Select(r => r.Lane).FirstOrDefaultAsync(ct);
        if (lane is null) return null;
        await AbandonStaleAsync(db, lane, ct);
        try
        {
            var started = await db.Set<JobRun>().Where(r => r.Id == runId && (r.State == JobRunState.Queued || r.State == JobRunState.Running))
                .ExecuteUpdateAsync(r => r
                    .SetProperty(x => x.State, JobRunState.Running)
                    .SetProperty(x => x.Node, node)
                    .SetProperty(x => x.Attempts, x => x.Attempts + 1)
                    .SetProperty(x => x.StartedAt, x => x.StartedAt ?? now)
                    .SetProperty(x => x.HeartbeatAt, now)
                    .SetProperty(x => x.StageZh, x => x.Attempts == 0 ? "开始" : "已由另一节点接手")
                    .SetProperty(x => x.StageEn, x => x.Attempts == 0 ? "Starting" : "Resumed on another node"), ct);
            if (started == 0) return null;
        }
        catch (Exception e) when (IsUniqueViolation(e))
        {
            return null;
        }
        return await db.Set<JobRun>().FirstAsync(r => r.Id == runId, ct);
    }

    /// <summary>
    /// Starts the run of one scheduled fire. After a crash the recovering node takes over the lane's running run of that
    /// kind instead of starting another; when another run of the lane is going, the fire is recorded as skipped.
    /// </summary>
    public async Task<JobRun?> BeginScheduledAsync(string kind, DateTime? scheduledFor, string requestedBy, string node, bool recovering, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = Now;
        var lane = JobKinds.LaneOf(kind);
        if (recovering)
        {
            var resumed = await db.Set<JobRun>().Where(r => r.Lane == lane && r.Kind == kind && r.State == JobRunState.Running && r.Node != node)
                .ExecuteUpdateAsync(r => r
                    .SetProperty(x => x.Node, node).SetProperty(x => x.Attempts, x => x.Attempts + 1).SetProperty(x => x.HeartbeatAt, now)
                    .SetProperty(x => x.StageZh, "已由另一节点接手").SetProperty(x => x.StageEn, "Resumed on another node"), ct);
            if (resumed > 0)
                return await db.Set<JobRun>().Where(r => r.Lane == lane && r.State == JobRunState.Running && r.Node == node).FirstAsync(ct);
        }
        await AbandonStaleAsync(db, lane, ct);
        var run = new JobRun
        {
            Kind = kind, Lane = lane, State = JobRunState.Running, RequestedBy = requestedBy, QueuedAt = now, ScheduledFor = scheduledFor,
            StartedAt = now, HeartbeatAt = now, Node = node, Attempts = 1, StageZh = "开始", StageEn = "Starting", Total = 1,
        };
        db.Add(run);
        try
        {
            await db.SaveChangesAsync(ct);
            return run;
        }
        catch (DbUpdateException e) when (IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            db.Add(new JobRun
            {
                Kind = kind, Lane = lane, State = JobRunState.Skipped, RequestedBy = requestedBy, QueuedAt = now, ScheduledFor = scheduledFor,
                FinishedAt = now, Node = node, Outcome = """{"skipped":true}""",
            });
            await db.SaveChangesAsync(ct);
            return null;
        }
    }

    public async Task ReportAsync(long runId, string node, Bilingual stage, int done, int total, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = Now;
        await Held(db, runId, node).ExecuteUpdateAsync(r => r
            .SetProperty(x => x.StageZh, Cut(stage.Zh, 200)).SetProperty(x => x.StageEn, Cut(stage.En, 200))
            .SetProperty(x => x.Done, Math.Max(0, done)).SetProperty(x => x.Total, Math.Max(0, total)).SetProperty(x => x.HeartbeatAt, now), ct);
    }

    public async Task HeartbeatAsync(long runId, string node, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = Now;
        await Held(db, runId, node).ExecuteUpdateAsync(r => r.SetProperty(x => x.HeartbeatAt, now), ct);
    }

    public async Task SucceedAsync(long runId, string node, object outcome, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = Now;
        var json = JsonSerializer.Serialize(outcome);
        await Held(db, runId, node).ExecuteUpdateAsync(r => r
            .SetProperty(x => x.State, JobRunState.Succeeded).SetProperty(x => x.FinishedAt, now).SetProperty(x => x.HeartbeatAt, now)
            .SetProperty(x => x.StageZh, "完成").SetProperty(x => x.StageEn, "Done").SetProperty(x => x.Done, x => x.Total)
            .SetProperty(x => x.Outcome, json), ct);
    }

    public async Task FailAsync(long runId, string node, Bilingual message, Exception error, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = Now;
        var detail = Cut($"{error.GetType().Name}: {error.GetBaseException().Message}", 2000);
        await Held(db, runId, node).ExecuteUpdateAsync(r => r
            .SetProperty(x => x.State, JobRunState.Failed).SetProperty(x => x.FinishedAt, now)
            .SetProperty(x => x.ErrorZh, Cut(message.Zh, 500)).SetProperty(x => x.ErrorEn, Cut(message.En, 500)).SetProperty(x => x.ErrorDetail, detail), ct);
    }

    /// <summary>Marks a queued run failed when it could not be handed to the scheduler.</summary>
    public async Task FailQueuedAsync(long runId, Bilingual message, Exception error, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = Now;
        var detail = Cut($"{error.GetType().Name}: {error.GetBaseException().Message}", 2000);
        await db.Set<JobRun>().Where(r => r.Id == runId && r.State == JobRunState.Queued).ExecuteUpdateAsync(r => r
            .SetProperty(x => x.State, JobRunState.Failed).SetProperty(x => x.FinishedAt, now)
            .SetProperty(x => x.ErrorZh, message.Zh).SetProperty(x => x.ErrorEn, message.En).SetProperty(x => x.ErrorDetail, detail), ct);
    }

    /// <summary>A run whose node stopped writing long ago ends as failed, so its lane is free again (<see cref="JobRunRules.AbandonedAfter"/>).</summary>
    private async Task AbandonStaleAsync(AppDbContext db, string lane, CancellationToken ct)
    {
        var cutoff = Now - JobRunRules.AbandonedAfter;
        var now = Now;
        await db.Set<JobRun>().Where(r => r.Lane == lane && r.State == JobRunState.Running && (r.HeartbeatAt ?? r.QueuedAt) < cutoff)
            .ExecuteUpdateAsync(r => r.SetProperty(x => x.State, JobRunState.Failed).SetProperty(x => x.FinishedAt, now)
                .SetProperty(x => x.ErrorZh, "执行节点失联，任务已中止").SetProperty(x => x.ErrorEn, "The node running it was lost; the run was abandoned")
                .SetProperty(x => x.ErrorDetail, "No heartbeat for " + JobRunRules.AbandonedAfter), ct);
    }

    private static IQueryable<JobRun> Held(AppDbContext db, long runId, string node) =>
        db.Set<JobRun>().Where(r => r.Id == runId && r.State == JobRunState.Running && r.Node == node);

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];

    public static bool IsUniqueViolation(Exception e) => e.GetBaseException() switch
    {
        PostgresException p => p.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException s => s.SqliteErrorCode == 19 && s.SqliteExtendedErrorCode is 2067 or 1555,
        _ => false,
    };
}
