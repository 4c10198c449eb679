namespace KuaishouSeller.Core.Common;

/// <summary>What kind of refusal a <see cref="UserFacingException"/> is; HTTP maps it to 400/403/404/409 in one place.</summary>
public enum RefusalKind
{
    /// <summary>The input breaks a rule (400).</summary>
    Invalid,
    /// <summary>The actor lacks the right (403).</summary>
    Forbidden,
    /// <summary>Nothing with that id exists for this actor; a foreign id looks exactly the same (404).</summary>
    NotFound,
    /// <summary>The state moved under the actor (someone else was first, a unique value is taken) (409).</summary>
    Conflict,
}

/// <summary>
/// The one base of every refusal Core gives a person: nothing was changed, and <see cref="UserMessage"/> says why in
/// both languages. Pages show the message; HTTP endpoints turn it into RFC 9457 problem details.
/// </summary>
public abstract class UserFacingException(Bilingual message, RefusalKind kind) : Exception(message.En)
{
    public Bilingual UserMessage { get; } = message;
    public RefusalKind Kind { get; } = kind;
}

/// <summary>A rule refused an action; nothing was changed. The message is for the user.</summary>
public class DomainException(Bilingual message, RefusalKind kind = RefusalKind.Invalid) : UserFacingException(message, kind);

/// <summary>No such thing for this actor: a missing id and another organisation's id give this same answer.</summary>
public sealed class NotFoundException(Bilingual message) : DomainException(message, RefusalKind.NotFound)
{
    public static NotFoundException Of(string zh, string en) => new(new($"找不到该{zh}。", $"That {en} does not exist."));
}

/// <summary>Someone else changed it first, or the value is already taken; nothing was changed.</summary>
public sealed class ConflictException(Bilingual message) : DomainException(message, RefusalKind.Conflict);
