using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Auditing;
using KuaishouSeller.Core.Commands;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Workspace;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Buyers;

/// <summary>One field of a buyer that is masked by default.</summary>
public enum BuyerField { Name, Phone, Address }

/// <summary>Where a reveal is asked for: the order or the conversation names the shop whose right it needs.</summary>
public enum RevealContext { Order, Conversation }

/// <summary>The rules of revealing buyer data, named once: the daily limit, the reason, the words of the log.</summary>
public static class BuyerReveals
{
    /// <summary>Reveals per person per Beijing day; the next one is refused.</summary>
    public const int DailyLimit = 20;
    public const int MaxReasonLength = 200;
    /// <summary>What the refusal past the limit records (the audit log words it).</summary>
    public const string LimitRefusal = "buyers.reveal-limit";

    public static string Code(BuyerField field) => field switch { BuyerField.Name => "name", BuyerField.Phone => "phone", _ => "address" };
    public static string Code(RevealContext context) => context == RevealContext.Order ? "order" : "conversation";

    public static string FieldName(string code, bool zh) => code switch
    {
        "name" => zh ? "姓名" : "name",
        "phone" => zh ? "手机号" : "phone number",
        "address" => zh ? "地址" : "address",
        _ => code,
    };

    public static string ContextName(string code, bool zh) => code switch
    {
        "order" => zh ? "订单" : "order",
        "conversation" => zh ? "会话" : "conversation",
        _ => code,
    };

    public static Bilingual FieldLabel(BuyerField field) => new(FieldName(Code(field), true), FieldName(Code(field), false));

    /// <summary>The start of the Beijing day the instant falls in: the limit counts from there.</summary>
    public static DateTime DayStartUtc(DateTime utc) => ShanghaiTime.StartOfDayUtc(DateOnly.FromDateTime(ShanghaiTime.ToLocal(utc)));
}

/// <summary>A buyer as a page may show them in a context, with whether the user may reveal a field there.</summary>
public sealed record BuyerCard(MaskedBuyer Buyer, RevealContext Context, long ContextId, bool CanReveal, int RevealsLeftToday);

/// <summary>
/// Revealing one field of a buyer: the right on the shop of the order or conversation, a reason, the daily limit, and
/// an audit entry naming who, which buyer, which field, where and why — never the value.
/// </summary>
public sealed class BuyerRevealService(IDbContextFactory<AppDbContext> contexts, CommandRunner commands, WorkspaceService workspaces, TimeProvider clock)
{
    /// <summary>
    /// The buyer of an order or a conversation, masked, for anyone who may see that order (orders.view) or conversation
    /// (service.handle) or reveal there; null when missing or foreign (the same answer).
    /// </summary>
    public async Task<BuyerCard?> CardAsync(string userId, RevealContext context, long contextId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var actor = (await workspaces.ResolveAsync(db, userId, ct)).Actor;
        var where = await WhereAsync(db, context, contextId, ct);
        if (where is null) return null;
        var target = ShopTarget.Shop(where.ShopId);
        var canReveal = actor.Can(Permission.BuyerDataReveal, where.MerchantId, target);
        var view = context == RevealContext.Order ? Permission.OrdersView : Permission.CustomerService;
        if (!canReveal && !actor.Can(view, where.MerchantId, target)) return null;
        var buyer = await db.Buyers.AsNoTracking().SingleOrDefaultAsync(b => b.Id == where.BuyerId, ct);
        if (buyer is null) return null;
        var used = await UsedTodayAsync(db, userId, clock.GetUtcNow().UtcDateTime, ct);
        return new BuyerCard(BuyerMasking.Mask(buyer), context, contextId, canReveal, Math.Max(0, BuyerReveals.DailyLimit - used));
    }

    /// <summary>The full value of one field, or the refusal (no right, no reason, past today's limit), which is recorded.</summary>
    public Task<string> RevealAsync(string userId, RevealContext context, long contextId, BuyerField field, string reason, CancellationToken ct = default)
    {
        var why = reason?.Trim() ?? "";
        if (why.Length == 0)
            throw new DomainException(new("请填写查看原因。", "Give a reason for revealing it."));
        if (why.Length > BuyerReveals.MaxReasonLength)
            throw new DomainException(new($"原因最多 {BuyerReveals.MaxReasonLength} 字。", $"The reason can be at most {BuyerReveals.MaxReasonLength} characters."));
        return commands.RunInTransactionAsync(userId, AuditActions.BuyerRevealed, async c =>
        {
            var notFound = NotFound(context);
            var where = await WhereAsync(c.Db, context, contextId, c.Cancellation) ?? throw notFound;
            await c.RequireAsync(Permission.BuyerDataReveal, where.MerchantId, ShopTarget.Shop(where.ShopId), notFound);
            // Counted from the log itself (index on actor and time): the limit holds across devices and restarts.
            if (await UsedTodayAsync(c.Db, c.Actor.UserId, c.Now, c.Cancellation) >= BuyerReveals.DailyLimit)
                throw await c.DenyAsync(where.MerchantId, where.ShopId, BuyerReveals.LimitRefusal, new AccessDeniedException(new(
                    $"您今天已查看 {BuyerReveals.DailyLimit} 次买家信息，已达每日上限，请明天再试。",
                    $"You have revealed buyer data {BuyerReveals.DailyLimit} times today, the daily limit; try again tomorrow.")));
            var buyer = await c.Db.Buyers.AsNoTracking().SingleOrDefaultAsync(b => b.Id == where.BuyerId, c.Cancellation) ?? throw notFound;
            c.Audit(new AuditSubject("Buyer", buyer.Id.ToString(), buyer.Nickname),
                after: new { field = BuyerReveals.Code(field), context = BuyerReveals.Code(context), contextId, contextLabel = where.Label, reason = why },
                organisationId: where.MerchantId, shopId: where.ShopId);
            return field switch
            {
                BuyerField.Name => buyer.Name,
                BuyerField.Phone => buyer.Phone,
                _ => buyer.Region + buyer.Street,
            };
        }, ct);
    }

    /// <summary>How many more reveals the user has today.</summary>
    public async Task<int> LeftTodayAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return Math.Max(0, BuyerReveals.DailyLimit - await UsedTodayAsync(db, userId, clock.GetUtcNow().UtcDateTime, ct));
    }

    private static Task<int> UsedTodayAsync(AppDbContext db, string userId, DateTime now, CancellationToken ct)
    {
        var from = BuyerReveals.DayStartUtc(now);
        return db.AuditLog.CountAsync(a => a.ActorUserId == userId && a.At >= from && a.Action == AuditActions.BuyerRevealed, ct);
    }

    private sealed record Where(long ShopId, long MerchantId, long BuyerId, string Label);

    private static Task<Where?> WhereAsync(AppDbContext db, RevealContext context, long contextId, CancellationToken ct) => context == RevealContext.Order
        ? db.Orders.AsNoTracking().Where(o => o.Id == contextId).Select(o => new Where(o.ShopId, o.MerchantId, o.BuyerId, o.OrderNo)).SingleOrDefaultAsync(ct)
        : (from c in db.ChatSessions.AsNoTracking()
           where c.Id == contextId
           join s in db.Shops on c.ShopId equals s.Id
           select new Where(c.ShopId, s.MerchantId, c.BuyerId, "#" + c.Id)).SingleOrDefaultAsync(ct);

    private static NotFoundException NotFound(RevealContext context) =>
        context == RevealContext.Order ? NotFoundException.Of("订单", "order") : NotFoundException.Of("会话", "conversation");
}
