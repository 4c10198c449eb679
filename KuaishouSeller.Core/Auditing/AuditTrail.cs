using KuaishouSeller.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Auditing;

/// <summary>Who did what, for whom, when. Only appends; nothing in the app edits or deletes entries.</summary>
public sealed class AuditTrail(IDbContextFactory<AppDbContext> contexts, TimeProvider clock)
{
    /// <summary>
    /// Records an entry on its own context, outside any command: refusals (which must survive the command's rollback)
    /// and account events. Changes are audited by <see cref="Commands.CommandRunner"/>, in the same save as the change.
    /// </summary>
    internal async Task RecordAsync(string? actorUserId, string actorName, long? organisationId, long? shopId, string action,
        string entityType, string? entityId, object? after, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.AuditLog.Add(new AuditEntry
        {
            At = clock.GetUtcNow().UtcDateTime, ActorUserId = actorUserId, ActorName = actorName, OrganisationId = organisationId, ShopId = shopId,
            Action = action, EntityType = entityType, EntityId = entityId, After = AuditValues.Serialize(after),
        });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A sign-in attempt and its outcome (<see cref="AuditActions.SignedIn"/>, failed, locked out).</summary>
    public Task RecordSignInAsync(string? userId, string name, string action, bool secondFactorPending, CancellationToken ct = default) =>
        RecordAsync(userId, name, null, null, action, "User", userId, secondFactorPending ? new { secondFactor = "pending" } : null, ct);
}
