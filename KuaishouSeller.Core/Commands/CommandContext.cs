using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Auditing;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Commands;

/// <summary>What the audit log says a command acted on: a type code, its id, and the label a reader knows it by.</summary>
public readonly record struct AuditSubject(string Type, string Id, string? Label = null);

/// <summary>
/// One command's view of the world: the database context, the actor resolved once, the moment, the rights it used and
/// the audit entries it wrote. Created only by <see cref="CommandRunner"/>.
/// </summary>
public sealed class CommandContext
{
    private readonly List<AuditEntry> _audit = [];
    // In the order of the first row of each type, so a row is written after the rows it refers to (an intake before its orders).
    private readonly List<AppendedRows> _appended = [];
    private Grant? _lastGrant;

    /// <summary>
    /// From this many rows appended to one table, a command's transaction writes them in bulk (one prepared INSERT on
    /// SQLite, binary COPY on PostgreSQL): a 10,000-row shipping file is then a few statements, not 30,000 INSERTs, and a
    /// group of order intakes skips the change tracker. SQLite runs in process, so bulk costs less CPU than tracking from
    /// a few rows on; on PostgreSQL each bulk table costs an id query and a COPY (round trips), where the save sends all
    /// tracked inserts in one batch, so bulk pays only for larger sets (measured with the intake benchmark).
    /// </summary>
    public const int BulkAppendRowsSqlite = 4, BulkAppendRowsPostgres = 32;

    internal CommandContext(AppDbContext db, Actor actor, DateTime now, string command, CancellationToken ct)
    {
        (Db, Actor, Now, Command, Cancellation) = (db, actor, now, command, ct);
    }

    public AppDbContext Db { get; }
    public Actor Actor { get; }
    /// <summary>The command's instant (UTC); every row it writes carries the same time.</summary>
    public DateTime Now { get; }
    /// <summary>The command's audit action, also named when it is refused.</summary>
    public string Command { get; }
    public CancellationToken Cancellation { get; }

    /// <summary>
    /// The grant that allows the permission on the target (one shop, or all shops), or the recorded refusal thrown. An
    /// actor with no grant at all in the organisation is told the thing does not exist, exactly as for a missing id.
    /// </summary>
    public Task<Grant> RequireAsync(Permission permission, long organisationId, ShopTarget target, NotFoundException? foreignAs = null)
    {
        var grant = Actor.Find(permission, organisationId, target);
        if (grant is null)
            throw Refuse(organisationId, target.ShopId, permission.Code(), AccessService.Refusal(Actor, permission, organisationId, target, foreignAs));
        _lastGrant = grant;
        return Task.FromResult(grant);
    }

    /// <summary>
    /// The refusal to record once the command's transaction is gone: written inside it, it would wait on the command's
    /// own write lock (SQLite) and vanish with its rollback.
    /// </summary>
    internal (long OrganisationId, long? ShopId, string What)? PendingRefusal { get; private set; }

    private TException Refuse<TException>(long organisationId, long? shopId, string what, TException exception) where TException : UserFacingException
    {
        PendingRefusal = (organisationId, shopId, what);
        return exception;
    }

    /// <summary>The platform reviewer's grant (rulebooks, every score, campaign review), or the refusal.</summary>
    public async Task<Grant> RequirePlatformAsync(Permission permission = Permission.CampaignsReview)
    {
        var platform = await AccessService.PlatformIdAsync(Db, Cancellation);
        return await RequireAsync(permission, platform, ShopTarget.AllShops);
    }

    /// <summary>Records a refusal that is not a missing permission (raising one's own rights, say) and returns it to throw.</summary>
    public Task<TException> DenyAsync<TException>(long organisationId, long? shopId, string what, TException exception) where TException : UserFacingException =>
        Task.FromResult(Refuse(organisationId, shopId, what, exception));

    /// <summary>Audits the command's own action on the subject, through the grant it last required.</summary>
    public void Audit(AuditSubject subject, object? before = null, object? after = null, long? organisationId = null, long? shopId = null, Grant? via = null) =>
        Audit(Command, subject, before, after, organisationId, shopId, via);

    /// <summary>
    /// Adds an audit entry: actor, organisation, shop and the delegation of the grant actually used are filled in here.
    /// Before and after are structured values (an object or a dictionary, stored as JSON) that pages render as sentences.
    /// </summary>
    public void Audit(string action, AuditSubject subject, object? before = null, object? after = null, long? organisationId = null, long? shopId = null, Grant? via = null)
    {
        var grant = via ?? _lastGrant;
        _audit.Add(new AuditEntry
        {
            At = Now,
            ActorUserId = Actor.IsSystem ? null : Actor.UserId,
            ActorName = Actor.DisplayName,
            OrganisationId = organisationId ?? grant?.OrganisationId,
            ShopId = shopId,
            DelegationId = grant is not null && (organisationId is null || grant.OrganisationId == organisationId) ? grant.DelegationId : null,
            Action = action,
            EntityType = subject.Type,
            EntityId = subject.Id,
            Subject = subject.Label,
            Before = AuditValues.Serialize(before),
            After = AuditValues.Serialize(after),
        });
    }

    /// <summary>
    /// Adds a row to an insert-only table (the stock ledger, the outbox): saved with the command, in its transaction,
    /// and in bulk when the command appends many (<see cref="BulkAppendRowsSqlite"/>). Nothing reads the row back before the save.
    /// A row whose id is already set (from <see cref="BulkInsert.NextIdsAsync{T}"/>) keeps it; tables are written in the
    /// order their first row was appended.
    /// </summary>
    public void Append<T>(T row) where T : class
    {
        var rows = _appended.OfType<AppendedRows<T>>().FirstOrDefault();
        if (rows is null) _appended.Add(rows = new AppendedRows<T>());
        rows.Rows.Add(row);
    }

    /// <summary>
    /// Saves what the body changed so far with its audit entries, for commands that commit in steps (each row of a bulk
    /// decision in its own transaction, so one refused row leaves the others decided).
    /// </summary>
    public async Task SaveAsync()
    {
        await FlushAsync();
        await Db.SaveChangesAsync(Cancellation);
    }

    /// <summary>Hands the audit entries and appended rows to the save (or writes them in bulk), just before it.</summary>
    internal async Task FlushAsync()
    {
        foreach (var entry in _audit) Append(entry);
        _audit.Clear();
        // Bulk rows bypass SaveChanges, so only a transaction keeps them all-or-nothing with the rest of the command.
        var inTransaction = Db.Database.CurrentTransaction is not null;
        var bulkFrom = Db.Database.IsNpgsql() ? BulkAppendRowsPostgres : BulkAppendRowsSqlite;
        foreach (var rows in _appended)
            await rows.FlushAsync(Db, bulk: inTransaction && rows.Count >= bulkFrom, Cancellation);
        _appended.Clear();
    }

    private abstract class AppendedRows
    {
        public abstract int Count { get; }
        public abstract Task FlushAsync(AppDbContext db, bool bulk, CancellationToken ct);
    }

    private sealed class AppendedRows<T> : AppendedRows where T : class
    {
        public List<T> Rows { get; } = [];
        public override int Count => Rows.Count;

        public override Task FlushAsync(AppDbContext db, bool bulk, CancellationToken ct)
        {
            if (bulk) return BulkInsert.InsertWithNewIdsAsync(db, Rows, ct);
            db.Set<T>().AddRange(Rows);
            return Task.CompletedTask;
        }
    }
}
