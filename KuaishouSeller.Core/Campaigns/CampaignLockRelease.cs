using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Inventory;
using KuaishouSeller.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KuaishouSeller.Core.Campaigns;

/// <summary>
/// Once a campaign's last phase is over, the stock its approved registrations locked goes back to the pool (each
/// registration keeps its Approved state and its results; only the lock ends). One ledgered unlock per registration.
/// </summary>
public static class CampaignLockRelease
{
    public sealed record Report(int Registrations, long Units);

    public static async Task<Report> ReleaseEndedAsync(AppDbContext db, TimeProvider clock, CancellationToken ct = default)
    {
        var today = ShanghaiTime.Today(clock);
        var ended = db.Campaigns.Where(c => db.CampaignPhases.Where(p => p.CampaignId == c.Id).Max(p => (DateOnly?)p.EndsOn) < today).Select(c => c.Id);
        var rows = await db.CampaignRegistrations.AsNoTracking()
            .Where(r => ended.Contains(r.CampaignId) && r.State == RegistrationState.Approved && r.LockedStock > 0 && r.SkuId != null)
            .OrderBy(r => r.Id).Select(r => new { r.Id, r.SkuId, r.ShopId, r.LockedStock }).ToListAsync(ct);
        long units = 0;
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var row in rows)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // Conditional on the lock still being there, so a withdrawal at the same moment cannot release it twice.
            var claimed = await db.CampaignRegistrations.Where(r => r.Id == row.Id && r.LockedStock == row.LockedStock && r.State == RegistrationState.Approved)
                .ExecuteUpdateAsync(r => r.SetProperty(x => x.LockedStock, 0).SetProperty(x => x.UpdatedAt, now), ct);
            if (claimed == 0) continue;
            if (!await StockService.TryCampaignUnlockAsync(db, row.SkuId!.Value, row.ShopId, row.LockedStock, "campaign ended", $"campaign-registration:{row.Id}", now, ct))
            {
                await transaction.RollbackAsync(ct);
                continue;
            }
            await transaction.CommitAsync(ct);
            units += row.LockedStock;
        }
        return new Report(rows.Count, units);
    }
}

/// <summary>Runs <see cref="CampaignLockRelease"/> every hour.</summary>
public sealed class CampaignLockReleaseJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<CampaignLockReleaseJob> log)
    : HourlyJob(scopes, clock, log, TimeSpan.FromSeconds(45))
{
    protected override string What => "Releasing ended campaigns' stock";

    protected override async Task RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(ct);
        var report = await CampaignLockRelease.ReleaseEndedAsync(db, Clock, ct);
        if (report.Registrations > 0)
            Log.LogInformation("Released {Units} locked units of {Count} registrations in ended campaigns", report.Units, report.Registrations);
    }
}
