using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Jobs;

/// <summary>What a lane is doing: the run in progress (if any) and the last one that ended.</summary>
public sealed record LaneStatus(JobRun? Active, JobRun? LastFinished)
{
    public static readonly LaneStatus Empty = new(null, null);

    /// <summary>Changes whenever anything a progress display shows changes.</summary>
    public string Fingerprint =>
        $"{Active?.Id}:{Active?.State}:{Active?.Done}/{Active?.Total}:{Active?.StageEn}:{Active?.Node}|{LastFinished?.Id}:{LastFinished?.State}";
}

public sealed record JobRunFilter(bool FailuresOnly = false, string? Kind = null, int Take = 100);

/// <summary>Reads job runs: a lane's status for progress displays, and the operator's list (platform only).</summary>
public sealed class JobRunQueries(IDbContextFactory<AppDbContext> contexts, AccessService access)
{
    public const string OperatorAction = "operations.job-runs";

    public static async Task<LaneStatus> LaneAsync(AppDbContext db, string lane, CancellationToken ct = default)
    {
        var runs = db.Set<JobRun>().AsNoTracking().Where(r => r.Lane == lane);
        var active = await runs.Where(r => r.State == JobRunState.Queued || r.State == JobRunState.Running).OrderBy(r => r.Id).FirstOrDefaultAsync(ct);
        var last = await runs.Where(r => r.State == JobRunState.Succeeded || r.State == JobRunState.Failed).OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
        return new LaneStatus(active, last);
    }

    public async Task<LaneStatus> LaneAsync(string lane, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await LaneAsync(db, lane, ct);
    }

    /// <summary>Whether the user may open the operator page (the Settings link shows only then).</summary>
    public async Task<bool> CanOperateAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await AccessService.IsPlatformReviewerAsync(db, await access.ResolveAsync(db, userId, ct), ct);
    }

    /// <summary>Recent runs, newest first, for the platform's operators; anyone else is refused (and the refusal recorded).</summary>
    public async Task<IReadOnlyList<JobRun>> RecentAsync(string userId, JobRunFilter filter, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var actor = await access.ResolveAsync(db, userId, ct);
        await access.RequirePlatformReviewerAsync(db, actor, OperatorAction, ct);
        var runs = db.Set<JobRun>().AsNoTracking();
        if (filter.FailuresOnly) runs = runs.Where(r => r.State == JobRunState.Failed);
        if (filter.Kind is { } kind) runs = runs.Where(r => r.Kind == kind);
        return await runs.OrderByDescending(r => r.Id).Take(Math.Clamp(filter.Take, 1, 500)).ToListAsync(ct);
    }
}
