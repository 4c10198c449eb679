using System.Linq.Expressions;
using KuaishouSeller.Core.Common;

namespace KuaishouSeller.Core.Scores;

/// <summary>How a time-bound fact stands at a moment.</summary>
public enum DueOutcome
{
    /// <summary>考核中: neither done nor past its deadline; it is not counted and never costs points.</summary>
    InAssessment,
    OnTime,
    Late,
}

/// <summary>
/// The due rule of every time-bound indicator (pickup within 48 h, delivery within 5 days, refund handled within 3 days,
/// first chat reply within 3 minutes): a fact counts once its outcome is known or its deadline has passed; until then
/// it is in assessment. One rule for the engine's counts, the orders behind an indicator and the order page.
/// <para>
/// "As of" is exclusive: a score for a Beijing day is computed as of the next day's 00:00, so what happened at 00:00
/// belongs to the next day and a deadline falling exactly then has not passed yet.
/// </para>
/// </summary>
public static class DueRules
{
    // Deadlines, stored on each fact when it is written (so queries compare columns instead of doing date arithmetic).
    public static DateTime PickupDue(DateTime paidAt) => paidAt.AddHours(IndicatorCatalog.PickupHours);
    public static DateTime DeliveryDue(DateTime paidAt) => paidAt.AddDays(IndicatorCatalog.DeliveryDays);
    public static DateTime RefundHandlingDue(DateTime requestedAt) => requestedAt.AddDays(IndicatorCatalog.RefundHandlingDays);
    public static DateTime ReplyDue(DateTime startedAt) => startedAt.AddSeconds(IndicatorCatalog.ChatReplySeconds);

    /// <summary>Counted as of <c>asOf</c>: done before it, or its deadline already behind it.</summary>
    public static readonly Expression<Func<DateTime?, DateTime, DateTime, bool>> AssessedExpression =
        (doneAt, dueAt, asOf) => (doneAt != null && doneAt < asOf) || dueAt < asOf;

    /// <summary>Done by its deadline (and known by <c>asOf</c>).</summary>
    public static readonly Expression<Func<DateTime?, DateTime, DateTime, bool>> OnTimeExpression =
        (doneAt, dueAt, asOf) => doneAt != null && doneAt <= dueAt && doneAt < asOf;

    /// <summary>Counted and not on time: the fact that costs points.</summary>
    public static readonly Expression<Func<DateTime?, DateTime, DateTime, bool>> LateExpression =
        (doneAt, dueAt, asOf) => ((doneAt != null && doneAt < asOf) || dueAt < asOf) && !(doneAt != null && doneAt <= dueAt && doneAt < asOf);

    private static readonly Func<DateTime?, DateTime, DateTime, bool> AssessedOf = AssessedExpression.Compile();
    private static readonly Func<DateTime?, DateTime, DateTime, bool> OnTimeOf = OnTimeExpression.Compile();
    private static readonly Func<DateTime?, DateTime, DateTime, bool> LateOf = LateExpression.Compile();

    [RuleExpression(nameof(AssessedExpression))]
    public static bool IsAssessed(DateTime? doneAt, DateTime dueAt, DateTime asOf) => AssessedOf(doneAt, dueAt, asOf);

    [RuleExpression(nameof(OnTimeExpression))]
    public static bool IsOnTime(DateTime? doneAt, DateTime dueAt, DateTime asOf) => OnTimeOf(doneAt, dueAt, asOf);

    [RuleExpression(nameof(LateExpression))]
    public static bool IsLate(DateTime? doneAt, DateTime dueAt, DateTime asOf) => LateOf(doneAt, dueAt, asOf);

    public static DueOutcome Assess(DateTime? doneAt, DateTime dueAt, DateTime asOf) =>
        IsOnTime(doneAt, dueAt, asOf) ? DueOutcome.OnTime : IsAssessed(doneAt, dueAt, asOf) ? DueOutcome.Late : DueOutcome.InAssessment;

    /// <summary>The moment a day's score is computed as of: the start of the next Beijing day.</summary>
    public static DateTime AsOfEndOf(DateOnly day) => ShanghaiTime.StartOfDayUtc(day.AddDays(1));

    /// <summary>The due rule of an indicator in words (for the rulebook page), or null for indicators without a deadline.</summary>
    public static Bilingual? Describe(string code) => code switch
    {
        IndicatorCatalog.Pickup48hRate => new($"支付后 {IndicatorCatalog.PickupHours} 小时内揽收为达标；揽收后或支付满 {IndicatorCatalog.PickupHours} 小时才计入，之前为考核中，不扣分。",
            $"On time if picked up within {IndicatorCatalog.PickupHours} h of payment; counted once picked up or {IndicatorCatalog.PickupHours} h after payment, in assessment (never costing points) before that."),
        IndicatorCatalog.Delivery5dRate => new($"支付后 {IndicatorCatalog.DeliveryDays} 天内签收为达标；签收后或支付满 {IndicatorCatalog.DeliveryDays} 天才计入，之前为考核中，不扣分。",
            $"On time if delivered within {IndicatorCatalog.DeliveryDays} days of payment; counted once delivered or {IndicatorCatalog.DeliveryDays} days after payment, in assessment before that."),
        IndicatorCatalog.Refund3dResolveRate => new($"申请后 {IndicatorCatalog.RefundHandlingDays} 天内处理完为达标；处理完或申请满 {IndicatorCatalog.RefundHandlingDays} 天才计入，之前为考核中，不扣分。",
            $"On time if handled within {IndicatorCatalog.RefundHandlingDays} days of the request; counted once handled or {IndicatorCatalog.RefundHandlingDays} days after the request, in assessment before that."),
        IndicatorCatalog.ChatReply3minRate => new($"咨询开始后 {IndicatorCatalog.ChatReplySeconds / 60} 分钟内首次回复为达标；回复后或满 {IndicatorCatalog.ChatReplySeconds / 60} 分钟才计入。",
            $"On time if first answered within {IndicatorCatalog.ChatReplySeconds / 60} minutes; counted once answered or {IndicatorCatalog.ChatReplySeconds / 60} minutes after the chat started."),
        _ => null,
    };
}
