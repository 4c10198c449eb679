using KuaishouSeller.Core.Scores;
using KuaishouSeller.Core.Service;

namespace KuaishouSeller.Core.Orders;

/// <summary>
/// A buyer's customer-service conversation with one shop; the first response time feeds the service dimension. A
/// buyer has at most one open conversation per shop: a message after it was closed starts a new one (a new chat for
/// the 3-minute rule). Sessions imported from the platform's history carry no messages and read as closed.
/// </summary>
public class ChatSession
{
    public long Id { get; set; }
    public long ShopId { get; set; }
    public long BuyerId { get; set; }

    /// <summary>Setting it (or the response time) sets the reply deadline and the moment of the first reply.</summary>
    public DateTime StartedAt
    {
        get => _startedAt;
        set { _startedAt = value; Derive(); }
    }
    private DateTime _startedAt;

    /// <summary>Seconds until the shop's first reply; null when nobody replied. Written once, by the first reply.</summary>
    public int? FirstResponseSeconds
    {
        get => _firstResponseSeconds;
        set { _firstResponseSeconds = value; Derive(); }
    }
    private int? _firstResponseSeconds;

    /// <summary>When the shop first replied (start plus the response time), stored for the due rule.</summary>
    public DateTime? FirstRepliedAt { get; private set; }
    /// <summary>The 3-minute reply deadline.</summary>
    public DateTime ReplyDueAt { get; private set; }

    /// <summary>Waiting for the shop, answered, or closed (the default: history without messages).</summary>
    public ConversationState State
    {
        get => _state;
        set { _state = value; Derive(); }
    }
    private ConversationState _state;

    /// <summary>The oldest buyer message the shop has not answered yet; null unless waiting.</summary>
    public DateTime? WaitingSince
    {
        get => _waitingSince;
        set { _waitingSince = value; Derive(); }
    }
    private DateTime? _waitingSince;

    /// <summary>The last message either side wrote; null for history (read as the start).</summary>
    public DateTime? LastMessageAt
    {
        get => _lastMessageAt;
        set { _lastMessageAt = value; Derive(); }
    }
    private DateTime? _lastMessageAt;

    public DateTime? LastBuyerMessageAt { get; set; }
    /// <summary>The start of the last message, for the list (conversation text, never buyer contact data).</summary>
    public string? LastMessagePreview { get; set; }

    /// <summary>The colleague who handles it: whoever replied first, or the one it was handed to.</summary>
    public string? AssignedUserId { get; set; }
    public string? AssignedName { get; set; }

    public DateTime? ClosedAt { get; set; }
    public string? ClosedBy { get; set; }

    /// <summary>The list's order in one indexed column (<see cref="ConversationRules.QueueRank"/>): waiting ones first, longest waiting first.</summary>
    public long QueueRank { get; private set; }

    private void Derive()
    {
        ReplyDueAt = DueRules.ReplyDue(_startedAt);
        FirstRepliedAt = _firstResponseSeconds is { } s ? _startedAt.AddSeconds(s) : null;
        QueueRank = ConversationRules.QueueRank(_state, _waitingSince, _lastMessageAt ?? _startedAt);
    }
}
