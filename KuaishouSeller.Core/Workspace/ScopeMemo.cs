using System.Diagnostics;

namespace KuaishouSeller.Core.Workspace;

/// <summary>
/// The workspace and rights resolved for reads, kept for one request (or one moment of a circuit), so the layout, the
/// navigation and the page share one lookup instead of three. Commands never read it: each resolves the actor afresh,
/// so a revoked right stops the next click; and every command run in the same scope clears it, so the next read sees
/// what the command changed (a workspace switch, a role edit).
/// </summary>
public sealed class ScopeMemo
{
    /// <summary>
    /// How long a circuit may reuse a resolution: one render pass, not the next click. Measured on the machine's
    /// monotonic clock, not the app's TimeProvider, which tests and demos may hold still.
    /// </summary>
    public static readonly TimeSpan Freshness = TimeSpan.FromMilliseconds(500);

    private (string UserId, Scope Scope, long At)? _remembered;

    public Scope? Recall(string userId) =>
        _remembered is { } r && r.UserId == userId && Stopwatch.GetElapsedTime(r.At) < Freshness ? r.Scope : null;

    public void Remember(string userId, Scope scope) => _remembered = (userId, scope, Stopwatch.GetTimestamp());

    public void Forget() => _remembered = null;
}
