using System.Globalization;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Orders;

namespace KuaishouSeller.Core.Scores;

/// <summary>
/// The words for the facts behind the indicators, so the orders behind an indicator and the order page describe the
/// same fact the same way.
/// </summary>
public static class IndicatorTexts
{
    /// <summary>A refund reason (English in lower case, to sit inside a sentence).</summary>
    public static Bilingual Reason(RefundReason reason) => reason switch
    {
        RefundReason.QualityProblem => new("质量问题", "quality problem"),
        RefundReason.NotAsDescribed => new("描述不符", "not as described"),
        RefundReason.WrongItem => new("错发", "wrong item"),
        RefundReason.DamagedInTransit => new("运输损坏", "damaged in transit"),
        RefundReason.LateShipment => new("发货慢", "late shipment"),
        RefundReason.ChangedMind => new("不想要了", "changed mind"),
        _ => new("其他", "other"),
    };

    /// <summary>A complaint kind (English in lower case).</summary>
    public static Bilingual Kind(ComplaintKind kind) => kind switch
    {
        ComplaintKind.ProductQuality => new("商品质量", "product quality"),
        ComplaintKind.FalseAdvertising => new("虚假宣传", "false advertising"),
        ComplaintKind.Logistics => new("物流", "logistics"),
        _ => new("服务", "service"),
    };

    /// <summary>A refund that was not handled within the limit: how long it took, or that it is still open.</summary>
    public static Bilingual LateRefund(DateTime requestedAt, DateTime? resolvedAt) => resolvedAt is { } done
        ? new($"退款 {(done - requestedAt).TotalDays:0.0} 天后才处理完", $"Refund handled after {(done - requestedAt).TotalDays:0.0} days")
        : new("退款尚未处理", "Refund not handled yet");

    /// <summary>A pickup (<see cref="IndicatorCatalog.Pickup48hRate"/>) or delivery that came too late, or not yet.</summary>
    public static Bilingual LateFulfilment(string code, DateTime paidAt, DateTime? at)
    {
        var (zh, en) = Step(code);
        return at is { } t
            ? new($"支付后 {(t - paidAt).TotalHours:0} 小时才{zh}", $"{en} {(t - paidAt).TotalHours:0} h after payment")
            : new($"尚未{zh}", $"Not {en.ToLowerInvariant()} yet");
    }

    /// <summary>A pickup or delivery within the limit.</summary>
    public static Bilingual TimelyFulfilment(string code, DateTime paidAt, DateTime at)
    {
        var (zh, en) = Step(code);
        return new($"支付后 {(at - paidAt).TotalHours:0} 小时{zh}", $"{en} {(at - paidAt).TotalHours:0} h after payment");
    }

    /// <summary>A fact still in assessment: not counted until its deadline (Beijing time) or its outcome.</summary>
    public static Bilingual InAssessment(DateTime dueUtc)
    {
        var local = ShanghaiTime.ToLocal(dueUtc);
        return new($"考核中：{local.ToString("M月d日 HH:mm", CultureInfo.InvariantCulture)} 前完成不扣分",
            $"In assessment: no points lost if done by {local.ToString("d MMM HH:mm", CultureInfo.InvariantCulture)} (Beijing time)");
    }

    private static (string Zh, string En) Step(string code) => code == IndicatorCatalog.Pickup48hRate ? ("揽收", "Picked up") : ("签收", "Delivered");
}
