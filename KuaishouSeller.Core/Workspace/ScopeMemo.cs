namespace KuaishouSeller.Core.Workspace;

/// <summary>
/// The workspace and rights resolved for reads, kept for one request (or a moment of a circuit), so the layout, the
/// navigation and the page share one lookup instead of three. Commands never read it: each resolves the actor afresh,
/// so a revoked right stops the next click; and every command run in the same scope clears it, so the next read sees
/// what the command changed (a workspace switch, a role edit).
/// </summary>
public sealed class ScopeMemo(TimeProvider clock)
{
    /// <summary>How long a circuit may reuse a resolution: long enough for one render pass, short enough to follow a revocation.</summary>
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(2);

    private (string UserId, Scope Scope, DateTime At)? _remembered;

    public Scope? Recall(string userId) =>
        _remembered is { } r && r.UserId == userId && clock.GetUtcNow().UtcDateTime - r.At < Freshness ? r.Scope : null;

    public void Remember(string userId, Scope scope) => _remembered = (userId, scope, clock.GetUtcNow().UtcDateTime);

    public void Forget() => _remembered = null;
}
