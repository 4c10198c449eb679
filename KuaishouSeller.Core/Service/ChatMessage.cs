namespace KuaishouSeller.Core.Service;

/// <summary>One message of a conversation: from the buyer, or from a named colleague of the shop.</summary>
public class ChatMessage
{
    public long Id { get; set; }
    public long ChatSessionId { get; set; }
    public bool FromBuyer { get; set; }
    /// <summary>The colleague who wrote it (null for the buyer); the name is kept as it was when written.</summary>
    public string? StaffUserId { get; set; }
    public string? StaffName { get; set; }
    public string Text { get; set; } = "";
    public DateTime At { get; set; }
}

/// <summary>A ready answer a merchant's colleagues pick into the reply box.</summary>
public class QuickPhrase
{
    public long Id { get; set; }
    public long MerchantId { get; set; }
    public int Position { get; set; }
    public string Text { get; set; } = "";
}
