using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Auditing;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Persistence;

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
    private Grant? _lastGrant;

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
    /// Saves what the body changed so far with its audit entries, for commands that commit in steps (each row of a bulk
    /// decision in its own transaction, so one refused row leaves the others decided).
    /// </summary>
    public async Task SaveAsync()
    {
        FlushAudit();
        await Db.SaveChangesAsync(Cancellation);
    }

    internal void FlushAudit()
    {
        Db.AuditLog.AddRange(_audit);
        _audit.Clear();
    }
}
