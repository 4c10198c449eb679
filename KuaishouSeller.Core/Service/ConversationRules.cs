using KuaishouSeller.Core.Common;

namespace KuaishouSeller.Core.Service;

/// <summary>Where a conversation stands. Closed is 0 so the platform's historic sessions (no messages) read as closed.</summary>
public enum ConversationState
{
    Closed = 0,
    /// <summary>The buyer wrote last and the shop has not answered yet.</summary>
    Waiting = 1,
    /// <summary>The shop answered the buyer's last message.</summary>
    Answered = 2,
}

/// <summary>The list views of the service page.</summary>
public enum ConversationView { Waiting, Mine, All, Closed }

/// <summary>The rules of buyer conversations, named once: lengths, the list order and the refusals' words.</summary>
public static class ConversationRules
{
    /// <summary>The longest message either side may send (the platform's chat limit).</summary>
    public const int MaxMessageLength = 500;
    /// <summary>How much of the last message the list shows.</summary>
    public const int PreviewLength = 60;
    /// <summary>The longest quick phrase, and how many a merchant keeps.</summary>
    public const int MaxPhraseLength = 100, MaxPhrases = 30;

    /// <summary>What a merchant starts with until it edits its own list.</summary>
    public static readonly IReadOnlyList<string> DefaultPhrases =
    [
        "亲，在的～请问有什么可以帮您？",
        "已为您加急发货，请留意物流信息～",
        "亲，订单已发出，物流单号可在订单详情查看哦。",
        "非常抱歉给您带来不便，我们马上为您处理。",
        "亲，支持七天无理由退换，请放心购买～",
        "感谢您的支持，祝您生活愉快！",
    ];

    private static readonly long WaitingBase = DateTime.MaxValue.Ticks + 1;

    /// <summary>
    /// The list's order, descending: every waiting conversation above every other one, the longest waiting first; then
    /// the others by their last message, newest first. One column, so the list pages by keys on one index.
    /// </summary>
    public static long QueueRank(ConversationState state, DateTime? waitingSince, DateTime lastActivity) =>
        state == ConversationState.Waiting && waitingSince is { } since
            ? WaitingBase + (DateTime.MaxValue.Ticks - since.Ticks)
            : lastActivity.Ticks;

    public static string Preview(string text) => text.Length <= PreviewLength ? text : text[..(PreviewLength - 1)] + "…";

    /// <summary>The message as it will be stored, or the refusal: not empty, not longer than the limit.</summary>
    public static string CheckMessage(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
            throw new DomainException(new("消息内容不能为空，未发送。", "The message is empty; nothing was sent."));
        if (trimmed.Length > MaxMessageLength)
            throw new DomainException(new($"消息最多 {MaxMessageLength} 字，这条有 {trimmed.Length} 字，未发送。",
                $"A message can be at most {MaxMessageLength} characters; this one has {trimmed.Length}. Nothing was sent."));
        return trimmed;
    }

    public static NotFoundException NotFound() => NotFoundException.Of("会话", "conversation");

    public static DomainException AlreadyClosed(string? by, DateTime? at) => by is not null && at is { } when
        ? new ConflictException(new($"该会话已由 {by} 于 {ShanghaiTime.ToLocal(when):HH:mm} 关闭，未执行。",
            $"That conversation was already closed by {by} at {ShanghaiTime.ToLocal(when):HH:mm}; nothing was done."))
        : new ConflictException(new("该会话已关闭，未执行。", "That conversation is closed; nothing was done."));

    public static DomainException ColleagueCannotHandle(string shopName) => new(new(
        $"该同事没有店铺「{shopName}」的“接待买家会话”权限，未转交。",
        $"That colleague cannot answer buyer conversations of {shopName}; the conversation was not handed over."));
}
