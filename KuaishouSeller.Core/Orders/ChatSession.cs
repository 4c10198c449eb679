using KuaishouSeller.Core.Scores;

namespace KuaishouSeller.Core.Orders;

/// <summary>A buyer's customer-service chat; the first response time feeds the service dimension.</summary>
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

    /// <summary>Seconds until the shop's first reply; null when nobody replied.</summary>
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

    private void Derive()
    {
        ReplyDueAt = DueRules.ReplyDue(_startedAt);
        FirstRepliedAt = _firstResponseSeconds is { } s ? _startedAt.AddSeconds(s) : null;
    }
}
