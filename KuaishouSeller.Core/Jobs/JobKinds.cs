using System.Text.Json;
using KuaishouSeller.Core.Common;

namespace KuaishouSeller.Core.Jobs;

/// <summary>Every background job by code: its lane (runs of one lane never overlap) and its name in both languages.</summary>
public static class JobKinds
{
    public const string RollupRefresh = "rollups.refresh";
    public const string NightlyRecompute = "scores.nightly";
    public const string Recompute = "scores.recompute";
    public const string CampaignLockRelease = "campaigns.lock-release";
    public const string DemoCarrierScans = "orders.demo-carrier-scans";

    /// <summary>The on-demand and the nightly recompute write the same snapshots: one lane, so they never run at once.</summary>
    public const string ScoresLane = "scores";

    private static readonly Dictionary<string, (string Lane, Bilingual Name)> Table = new()
    {
        [RollupRefresh] = ("rollups", new("经营数据汇总刷新", "Rollup refresh")),
        [NightlyRecompute] = (ScoresLane, new("每晚评分重算", "Nightly score recompute")),
        [Recompute] = (ScoresLane, new("评分重算（手动）", "Score recompute (on demand)")),
        [CampaignLockRelease] = ("campaigns", new("释放已结束活动的锁定库存", "Release ended campaigns' locked stock")),
        [AfterSaleDeadlineJob.Kind] = ("aftersales", new("售后超时处理", "After-sale deadlines")),
        [OrderCompletionJob.Kind] = ("orders", new("自动确认收货", "Completing delivered orders")),
        [DemoCarrierScans] = ("orders", new("演示物流扫描（揽收、签收）", "Demo carrier scans (pickup, delivery)")),
        [Webhooks.WebhookDeliveryJob.Kind] = ("webhooks", new("Webhook 推送", "Webhook delivery")),
    };

    public static IReadOnlyCollection<string> All => Table.Keys;

    public static string LaneOf(string kind) => Table.TryGetValue(kind, out var k) ? k.Lane : kind;

    public static Bilingual NameOf(string kind) => Table.TryGetValue(kind, out var k) ? k.Name : new(kind, kind);
}

/// <summary>The rules of job runs, named once: when a run counts as abandoned, when progress is worth writing, how a run reads.</summary>
public static class JobRunRules
{
    /// <summary>A running job writes its heartbeat this often, even when its progress does not move.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);

    /// <summary>
    /// A run whose node has not written for this long is abandoned. Eight missed heartbeats: a node that is merely slow
    /// (a long GC, a busy database) is not overtaken, while a lost one blocks its lane for at most two minutes even
    /// when the scheduler cannot recover it (Quartz normally recovers it within its 5 s check-in).
    /// </summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(2);

    /// <summary>Progress goes to the database at most this often (every page on every node reads it from there).</summary>
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(500);

    public static bool IsAbandoned(JobRun run, DateTime nowUtc) =>
        run.State == JobRunState.Running && nowUtc - (run.HeartbeatAt ?? run.StartedAt ?? run.QueuedAt) > AbandonedAfter;

    /// <summary>A stage change is always written; a count within a stage only when the last write is old enough, and the last step always.</summary>
    public static bool ShouldWriteProgress(string? lastStage, DateTime? lastWriteUtc, string stage, int done, int total, DateTime nowUtc) =>
        lastStage != stage || done >= total || lastWriteUtc is null || nowUtc - lastWriteUtc.Value >= ProgressInterval;

    /// <summary>How long the run took, or has been going.</summary>
    public static TimeSpan? Elapsed(JobRun run, DateTime nowUtc) =>
        run.StartedAt is { } started ? (run.FinishedAt ?? nowUtc) - started : null;

    public static Bilingual StateName(JobRunState state) => state switch
    {
        JobRunState.Queued => new("排队中", "Queued"),
        JobRunState.Running => new("进行中", "Running"),
        JobRunState.Succeeded => new("成功", "Succeeded"),
        JobRunState.Failed => new("失败", "Failed"),
        _ => new("已跳过", "Skipped"),
    };

    /// <summary>The stored outcome (a JSON object of counts) as a sentence.</summary>
    public static Bilingual? Outcome(JobRun run)
    {
        if (run.State == JobRunState.Skipped) return new("同一队列已有任务在运行，本次跳过", "Another run of the same lane was going; this one was skipped");
        if (run.Outcome is null) return null;
        using var json = JsonDocument.Parse(run.Outcome);
        var o = json.RootElement;
        long N(string name) => o.TryGetProperty(name, out var v) && v.TryGetInt64(out var n) ? n : 0;
        return run.Kind switch
        {
            JobKinds.NightlyRecompute or JobKinds.Recompute =>
                new($"{N("shops")} 个店铺、{N("products")} 个商品、{N("creators")} 位达人", $"{N("shops")} shops, {N("products")} products, {N("creators")} creators"),
            JobKinds.RollupRefresh => new($"写入 {N("rows")} 行", $"{N("rows")} rows written"),
            AfterSaleDeadlineJob.Kind => new($"自动同意 {N("accepted")} 个，关闭 {N("closed")} 个", $"{N("accepted")} accepted, {N("closed")} closed"),
            JobKinds.CampaignLockRelease => new($"{N("registrations")} 个报名释放 {N("units")} 件", $"{N("units")} units of {N("registrations")} registrations released"),
            OrderCompletionJob.Kind => new($"完成 {N("completed")} 单", $"{N("completed")} orders completed"),
            JobKinds.DemoCarrierScans => new($"揽收 {N("pickedUp")} 单，签收 {N("delivered")} 单", $"{N("pickedUp")} picked up, {N("delivered")} delivered"),
            Webhooks.WebhookDeliveryJob.Kind => new($"送达 {N("delivered")} 次，失败 {N("failed")} 次", $"{N("delivered")} delivered, {N("failed")} failed"),
            _ => new(run.Outcome, run.Outcome),
        };
    }
}
