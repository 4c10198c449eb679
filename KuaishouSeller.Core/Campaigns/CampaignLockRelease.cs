using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Auditing;
using KuaishouSeller.Core.Commands;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Inventory;
using KuaishouSeller.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KuaishouSeller.Core.Campaigns;

/// <summary>
/// Once a campaign's last phase is over, the stock its approved registrations locked goes back to the pool (each
/// registration keeps its Approved state and its results; only the lock ends). One ledgered unlock per registration.
/// </summary>
public static class CampaignLockRelease
{
    public sealed record Report(int Registrations, long Units);

    /// <summary>Each registration is released by its own system command (one transaction), so one failure leaves the rest released.</summary>
    public static async Task<Report> ReleaseEndedAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var clock = services.GetRequiredService<TimeProvider>();
        var commands = services.GetRequiredService<CommandRunner>();
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(ct);
        var today = ShanghaiTime.Today(clock);
        var ended = db.Campaigns.Where(c => db.CampaignPhases.Where(p => p.CampaignId == c.Id).Max(p => (DateOnly?)p.EndsOn) < today).Select(c => c.Id);
        var rows = await db.CampaignRegistrations.AsNoTracking()
            .Where(r => ended.Contains(r.CampaignId) && r.State == RegistrationState.Approved && r.LockedStock > 0 && r.SkuId != null)
            .OrderBy(r => r.Id).Select(r => new { r.Id, r.SkuId, r.ShopId, r.LockedStock, r.OrganisationId }).ToListAsync(ct);
        long units = 0;
        foreach (var row in rows)
        {
            bool released;
            try
            {
                released = await commands.RunAsSystemAsync(SystemActor.Scheduler, AuditActions.CampaignLocksReleased, async c =>
            {
                // Conditional on the lock still being there, so a withdrawal at the same moment cannot release it twice.
                var claimed = await c.Db.CampaignRegistrations.Where(r => r.Id == row.Id && r.LockedStock == row.LockedStock && r.State == RegistrationState.Approved)
                    .ExecuteUpdateAsync(r => r.SetProperty(x => x.LockedStock, 0).SetProperty(x => x.UpdatedAt, c.Now), c.Cancellation);
                if (claimed == 0) return false;
                if (!await StockService.TryCampaignUnlockAsync(c, row.SkuId!.Value, row.ShopId, row.LockedStock, $"campaign-registration:{row.Id}"))
                    throw new ConflictException(new("活动锁定库存已变化，未释放。", "The campaign lock changed meanwhile; nothing was released."));
                c.Audit(new AuditSubject("CampaignRegistration", row.Id.ToString()), new { locked = row.LockedStock }, new { locked = 0 },
                    organisationId: row.OrganisationId, shopId: row.ShopId);
                return true;
            }, ct);
            }
            catch (ConflictException)
            {
                released = false; // rolled back: the registration keeps its lock for the next run
            }
            if (released) units += row.LockedStock;
        }
        return new Report(rows.Count, units);
    }
}
