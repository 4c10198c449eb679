using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Auditing;
using KuaishouSeller.Core.Commands;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Service;

/// <summary>
/// Buyer conversations: buyer messages arrive (system), colleagues reply, hand over and close. Every change is a
/// conditional update on the conversation's state, so a reply racing a close gets a clear refusal instead of landing
/// on a closed conversation. The first reply writes the first-response time once: it is what the 3-minute indicator reads.
/// </summary>
public sealed class ConversationService(CommandRunner commands, AccessService access)
{
    public const string BuyerMessageCommand = "service.buyer-message";

    /// <summary>
    /// A buyer's message to a shop, the one way buyer messages enter (the demo world and the open API): it joins the
    /// buyer's open conversation with the shop, or starts a new one. Returns the conversation's id.
    /// </summary>
    public Task<long> ReceiveBuyerMessageAsync(long shopId, long buyerId, string text, CancellationToken ct = default)
    {
        var message = ConversationRules.CheckMessage(text);
        return commands.RunAsSystemAsync(SystemActor.BuyerMessages, BuyerMessageCommand, c => ReceiveInAsync(c.Db, shopId, buyerId, message, c.Now, c.Cancellation), ct);
    }

    /// <summary>The buyer's message at <paramref name="at"/>, on the caller's context (the demo world writes its morning with it).</summary>
    internal static async Task<long> ReceiveInAsync(AppDbContext db, long shopId, long buyerId, string text, DateTime at, CancellationToken ct)
    {
        if (!await db.Shops.AnyAsync(s => s.Id == shopId, ct) || !await db.Buyers.AnyAsync(b => b.Id == buyerId, ct))
            throw NotFoundException.Of("店铺或买家", "shop or buyer");
        var preview = ConversationRules.Preview(text);
        // The open conversation moves to waiting; if it changed state meanwhile, read it again (a close makes a new one).
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var open = await db.ChatSessions.AsNoTracking()
                .Where(c => c.ShopId == shopId && c.BuyerId == buyerId && c.State != ConversationState.Closed)
                .OrderByDescending(c => c.Id).Select(c => new { c.Id, c.State, c.WaitingSince }).FirstOrDefaultAsync(ct);
            if (open is null)
            {
                var session = new ChatSession
                {
                    ShopId = shopId, BuyerId = buyerId, StartedAt = at, State = ConversationState.Waiting, WaitingSince = at,
                    LastMessageAt = at, LastBuyerMessageAt = at, LastMessagePreview = preview,
                };
                db.ChatSessions.Add(session);
                await db.SaveChangesAsync(ct);
                await AddMessageAsync(db, session.Id, null, null, text, at, ct);
                return session.Id;
            }
            var since = open.State == ConversationState.Waiting && open.WaitingSince is { } w ? w : at;
            var rank = ConversationRules.QueueRank(ConversationState.Waiting, since, at);
            var changed = await db.ChatSessions.Where(c => c.Id == open.Id && c.State == open.State)
                .ExecuteUpdateAsync(c => c
                    .SetProperty(x => x.State, ConversationState.Waiting)
                    .SetProperty(x => x.WaitingSince, since)
                    .SetProperty(x => x.LastMessageAt, at)
                    .SetProperty(x => x.LastBuyerMessageAt, at)
                    .SetProperty(x => x.LastMessagePreview, preview)
                    .SetProperty(x => x.QueueRank, rank), ct);
            if (changed == 1)
            {
                await AddMessageAsync(db, open.Id, null, null, text, at, ct);
                return open.Id;
            }
        }
        throw new ConflictException(new("会话状态正在变化，请稍后重试。", "The conversation is changing; try again in a moment."));
    }

    /// <summary>A colleague's reply. Needs service.handle on the conversation's shop; refused when closed, empty or too long.</summary>
    public Task ReplyAsync(string userId, long conversationId, string text, CancellationToken ct = default)
    {
        var message = ConversationRules.CheckMessage(text);
        return commands.RunInTransactionAsync(userId, AuditActions.ServiceReplied, async c =>
        {
            var session = await RequireOpenAsync(c, conversationId);
            if (!await RecordReplyAsync(c.Db, session.Id, session.StartedAt, c.Actor.UserId, c.Actor.DisplayName, message, c.Now, c.Cancellation))
                throw await ClosedAsync(c, conversationId);
            c.Audit(Subject(conversationId), organisationId: session.MerchantId, shopId: session.ShopId);
        }, ct);
    }

    /// <summary>
    /// The reply on the caller's context: answered, assigned to the replier when nobody had it, and the first response
    /// time written only if none is stored yet. False when the conversation was closed meanwhile.
    /// </summary>
    internal static async Task<bool> RecordReplyAsync(AppDbContext db, long id, DateTime startedAt, string staffUserId, string staffName, string text, DateTime at, CancellationToken ct)
    {
        var rank = ConversationRules.QueueRank(ConversationState.Answered, null, at);
        var preview = ConversationRules.Preview(text);
        var changed = await db.ChatSessions.Where(c => c.Id == id && c.State != ConversationState.Closed)
            .ExecuteUpdateAsync(c => c
                .SetProperty(x => x.State, ConversationState.Answered)
                .SetProperty(x => x.WaitingSince, (DateTime?)null)
                .SetProperty(x => x.LastMessageAt, at)
                .SetProperty(x => x.LastMessagePreview, preview)
                .SetProperty(x => x.QueueRank, rank)
                .SetProperty(x => x.AssignedName, x => x.AssignedUserId == null ? staffName : x.AssignedName)
                .SetProperty(x => x.AssignedUserId, x => x.AssignedUserId ?? staffUserId), ct);
        if (changed == 0) return false;
        // Whole seconds, as the platform records them; the stored moment is exactly start plus them (the entity's rule).
        var seconds = Math.Max(0, (int)(at - startedAt).TotalSeconds);
        var repliedAt = startedAt.AddSeconds(seconds);
        await db.ChatSessions.Where(c => c.Id == id && c.FirstResponseSeconds == null)
            .ExecuteUpdateAsync(c => c.SetProperty(x => x.FirstResponseSeconds, seconds).SetProperty(x => x.FirstRepliedAt, repliedAt), ct);
        await AddMessageAsync(db, id, staffUserId, staffName, text, at, ct);
        return true;
    }

    /// <summary>
    /// Hands the conversation to a colleague who may answer buyers of its shop; the actor needs that right too (nobody
    /// passes on what they lack). Any other colleague, or an unknown one, is refused with the same words.
    /// </summary>
    public Task HandOverAsync(string userId, long conversationId, string colleagueUserId, CancellationToken ct = default) =>
        commands.RunInTransactionAsync(userId, AuditActions.ServiceHandedOver, async c =>
        {
            var session = await RequireOpenAsync(c, conversationId);
            var colleague = await access.ResolveAsync(c.Db, colleagueUserId, c.Cancellation);
            if (colleague.Find(Permission.CustomerService, session.MerchantId, ShopTarget.Shop(session.ShopId)) is null)
                throw ConversationRules.ColleagueCannotHandle(session.ShopName);
            var changed = await c.Db.ChatSessions.Where(x => x.Id == conversationId && x.State != ConversationState.Closed)
                .ExecuteUpdateAsync(x => x.SetProperty(s => s.AssignedUserId, colleagueUserId).SetProperty(s => s.AssignedName, colleague.DisplayName), c.Cancellation);
            if (changed == 0) throw await ClosedAsync(c, conversationId);
            c.Audit(Subject(conversationId), new { from = session.AssignedName ?? "" }, new { to = colleague.DisplayName }, session.MerchantId, session.ShopId);
        }, ct);

    /// <summary>Closes the conversation; the buyer's next message starts a new one.</summary>
    public Task CloseAsync(string userId, long conversationId, CancellationToken ct = default) =>
        commands.RunInTransactionAsync(userId, AuditActions.ServiceClosed, async c =>
        {
            var session = await RequireOpenAsync(c, conversationId);
            var rank = ConversationRules.QueueRank(ConversationState.Closed, null, session.LastMessageAt ?? session.StartedAt);
            var changed = await c.Db.ChatSessions.Where(x => x.Id == conversationId && x.State != ConversationState.Closed)
                .ExecuteUpdateAsync(x => x
                    .SetProperty(s => s.State, ConversationState.Closed)
                    .SetProperty(s => s.WaitingSince, (DateTime?)null)
                    .SetProperty(s => s.ClosedAt, c.Now)
                    .SetProperty(s => s.ClosedBy, c.Actor.DisplayName)
                    .SetProperty(s => s.QueueRank, rank), c.Cancellation);
            if (changed == 0) throw await ClosedAsync(c, conversationId);
            c.Audit(Subject(conversationId), organisationId: session.MerchantId, shopId: session.ShopId);
        }, ct);

    /// <summary>Adds a quick phrase to the merchant's list (the defaults become the merchant's own first).</summary>
    public Task AddPhraseAsync(string userId, long merchantId, string text, CancellationToken ct = default)
    {
        var phrase = text?.Trim() ?? "";
        if (phrase.Length == 0) throw new DomainException(new("快捷短语不能为空。", "The quick phrase is empty."));
        if (phrase.Length > ConversationRules.MaxPhraseLength)
            throw new DomainException(new($"快捷短语最多 {ConversationRules.MaxPhraseLength} 字。", $"A quick phrase can be at most {ConversationRules.MaxPhraseLength} characters."));
        return ChangePhrasesAsync(userId, merchantId, list =>
        {
            if (list.Contains(phrase)) throw new DomainException(new("已有这条快捷短语。", "That quick phrase is already in the list."));
            if (list.Count >= ConversationRules.MaxPhrases)
                throw new DomainException(new($"快捷短语最多 {ConversationRules.MaxPhrases} 条。", $"A merchant keeps at most {ConversationRules.MaxPhrases} quick phrases."));
            list.Add(phrase);
        }, ct);
    }

    public Task RemovePhraseAsync(string userId, long merchantId, string text, CancellationToken ct = default) =>
        ChangePhrasesAsync(userId, merchantId, list =>
        {
            if (!list.Remove(text)) throw NotFoundException.Of("快捷短语", "quick phrase");
        }, ct);

    /// <summary>The list is the merchant's, shared by every shop: changing it needs service.handle over all shops.</summary>
    private Task ChangePhrasesAsync(string userId, long merchantId, Action<List<string>> change, CancellationToken ct) =>
        commands.RunInTransactionAsync(userId, AuditActions.ServicePhrasesChanged, async c =>
        {
            await c.RequireAsync(Permission.CustomerService, merchantId, ShopTarget.AllShops, NotFoundException.Of("商家", "merchant"));
            var stored = await c.Db.QuickPhrases.Where(p => p.MerchantId == merchantId).OrderBy(p => p.Position).ToListAsync(c.Cancellation);
            var list = stored.Count == 0 ? ConversationRules.DefaultPhrases.ToList() : stored.Select(p => p.Text).ToList();
            change(list);
            c.Db.QuickPhrases.RemoveRange(stored);
            c.Db.QuickPhrases.AddRange(list.Select((t, i) => new QuickPhrase { MerchantId = merchantId, Position = i, Text = t }));
            c.Audit(new AuditSubject("QuickPhrases", merchantId.ToString()), after: new { count = list.Count }, organisationId: merchantId);
        }, ct);

    private sealed record OpenSession(long Id, long ShopId, long MerchantId, string ShopName, DateTime StartedAt, DateTime? LastMessageAt,
        ConversationState State, string? AssignedName);

    /// <summary>The conversation, the actor's right on its shop (a foreign one reads as missing), and not closed.</summary>
    private static async Task<OpenSession> RequireOpenAsync(CommandContext c, long conversationId)
    {
        var session = await (from s in c.Db.ChatSessions.AsNoTracking()
                             where s.Id == conversationId
                             join shop in c.Db.Shops on s.ShopId equals shop.Id
                             select new OpenSession(s.Id, s.ShopId, shop.MerchantId, shop.Name, s.StartedAt, s.LastMessageAt, s.State, s.AssignedName))
            .SingleOrDefaultAsync(c.Cancellation) ?? throw ConversationRules.NotFound();
        await c.RequireAsync(Permission.CustomerService, session.MerchantId, ShopTarget.Shop(session.ShopId), ConversationRules.NotFound());
        if (session.State == ConversationState.Closed) throw await ClosedAsync(c, conversationId);
        return session;
    }

    private static async Task<DomainException> ClosedAsync(CommandContext c, long conversationId)
    {
        var closed = await c.Db.ChatSessions.AsNoTracking().Where(s => s.Id == conversationId)
            .Select(s => new { s.ClosedBy, s.ClosedAt }).SingleAsync(c.Cancellation);
        return ConversationRules.AlreadyClosed(closed.ClosedBy, closed.ClosedAt);
    }

    private static async Task AddMessageAsync(AppDbContext db, long sessionId, string? staffUserId, string? staffName, string text, DateTime at, CancellationToken ct)
    {
        db.ChatMessages.Add(new ChatMessage { ChatSessionId = sessionId, FromBuyer = staffUserId is null, StaffUserId = staffUserId, StaffName = staffName, Text = text, At = at });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>How the audit log names a conversation: its number only, never the buyer or the words.</summary>
    public static AuditSubject Subject(long conversationId) => new("Conversation", conversationId.ToString(), $"#{conversationId}");
}
