using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Workspace;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Commands;

/// <summary>
/// The one way Core changes anything: resolve the actor once, open one context (and a transaction when asked), run the
/// command body (its rule and its change, authorised through <see cref="CommandContext.RequireAsync"/>), add the audit
/// entries the body wrote, save, commit. A refusal or a rule violation throws before the save, so nothing lands; the
/// refusal itself is recorded after the rollback, on its own context (<see cref="AccessService.RecordRefusalAsync"/>).
/// </summary>
public sealed class CommandRunner(IDbContextFactory<AppDbContext> contexts, AccessService access, TimeProvider clock, ScopeMemo memo)
{
    /// <summary>A person's command; <paramref name="command"/> is its audit action, also named in a refusal.</summary>
    public Task<T> RunAsync<T>(string userId, string command, Func<CommandContext, Task<T>> body, CancellationToken ct = default) =>
        RunCoreAsync(userId, command, transaction: false, body, ct);

    public Task RunAsync(string userId, string command, Func<CommandContext, Task> body, CancellationToken ct = default) =>
        RunCoreAsync<bool>(userId, command, transaction: false, async c => { await body(c); return true; }, ct);

    /// <summary>For bodies that mix set-based updates with tracked changes: all of them commit together or not at all.</summary>
    public Task<T> RunInTransactionAsync<T>(string userId, string command, Func<CommandContext, Task<T>> body, CancellationToken ct = default) =>
        RunCoreAsync(userId, command, transaction: true, body, ct);

    public Task RunInTransactionAsync(string userId, string command, Func<CommandContext, Task> body, CancellationToken ct = default) =>
        RunCoreAsync<bool>(userId, command, transaction: true, async c => { await body(c); return true; }, ct);

    /// <summary>
    /// Work nobody asked for in person (order intake, carrier scans, scheduled jobs): the same pipeline, always in a
    /// transaction, audited as the named system actor, with no rights to check.
    /// </summary>
    public async Task<T> RunAsSystemAsync<T>(SystemActor system, string command, Func<CommandContext, Task<T>> body, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var context = new CommandContext(db, Actor.System(system), clock.GetUtcNow().UtcDateTime, command, ct);
        return await ExecuteAsync(db, context, transaction: true, body, ct);
    }

    public Task RunAsSystemAsync(SystemActor system, string command, Func<CommandContext, Task> body, CancellationToken ct = default) =>
        RunAsSystemAsync<bool>(system, command, async c => { await body(c); return true; }, ct);

    private async Task<T> RunCoreAsync<T>(string userId, string command, bool transaction, Func<CommandContext, Task<T>> body, CancellationToken ct)
    {
        // Reads resolve the user's rights and workspace again after whatever this command changes (cleared again at the end).
        memo.Forget();
        CommandContext? context = null;
        try
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var actor = await access.ResolveAsync(db, userId, ct);
            context = new CommandContext(db, actor, clock.GetUtcNow().UtcDateTime, command, ct);
            return await ExecuteAsync(db, context, transaction, body, ct);
        }
        catch (UserFacingException) when (context?.PendingRefusal is { } refusal)
        {
            // The command's context and transaction are gone (rolled back): the refusal is recorded on its own.
            await access.RecordRefusalAsync(context.Actor, refusal.OrganisationId, refusal.ShopId, refusal.What, command, CancellationToken.None);
            throw;
        }
        finally
        {
            memo.Forget();
        }
    }

    private static async Task<T> ExecuteAsync<T>(AppDbContext db, CommandContext context, bool transaction, Func<CommandContext, Task<T>> body, CancellationToken ct)
    {
        await using var tx = transaction ? await db.Database.BeginTransactionAsync(ct) : null;
        var result = await body(context);
        await context.FlushAsync();
        await db.SaveChangesAsync(ct);
        if (tx is not null) await tx.CommitAsync(ct);
        return result;
    }
}
