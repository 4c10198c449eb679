using KuaishouSeller.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Auditing;

/// <summary>Who did what, for whom, when. Only appends; nothing in the app edits or deletes entries.</summary>
public sealed class AuditTrail(IDbContextFactory<AppDbContext> contexts, TimeProvider clock)
{
    /// <summary>Records an event outside a larger unit of work (e.g. sign-in).</summary>
    public async Task RecordAsync(AuditEntry entry, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        Add(db, entry);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Adds the entry to a context whose SaveChanges also commits the audited change, so both land or neither.</summary>
    public void Add(AppDbContext db, AuditEntry entry)
    {
        entry.At = clock.GetUtcNow().UtcDateTime;
        db.AuditLog.Add(entry);
    }

    public static class Actions
    {
        public const string SignedIn = "account.signed-in";
        public const string SignInFailed = "account.sign-in-failed";
        public const string LockedOut = "account.locked-out";
        public const string SignedOut = "account.signed-out";
        public const string Registered = "account.registered";
        public const string AccessDenied = "access.denied";
        public const string WorkspaceSwitched = "workspace.switched";
    }
}
