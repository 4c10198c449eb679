using System.Text.RegularExpressions;
using KuaishouSeller.Core.Common;

namespace KuaishouSeller.Core.Orders;

/// <summary>The carriers an order can ship with; stored as the number.</summary>
public enum Carrier
{
    Zto = 1, Yto = 2, Sto = 3, Yunda = 4, SfExpress = 5, Jd = 6, JTExpress = 7, Ems = 8, Deppon = 9, Best = 10,
}

/// <summary>A carrier's name and the format of its waybill numbers.</summary>
public sealed record CarrierInfo(Carrier Carrier, string Code, Bilingual Name, Regex Waybill, string Example);

/// <summary>
/// The carrier list, named once: each carrier's waybill format is checked before an order ships (a typo caught here is a
/// parcel the buyer can track).
/// </summary>
public static partial class Carriers
{
    [GeneratedRegex(@"^(7[0-9]|6[0-9]|5[0-9])\d{10}$")] private static partial Regex ZtoWaybill();
    [GeneratedRegex(@"^YT\d{13}$")] private static partial Regex YtoWaybill();
    [GeneratedRegex(@"^(77|88|66|55)\d{11}$")] private static partial Regex StoWaybill();
    [GeneratedRegex(@"^(3|4)\d{12}$")] private static partial Regex YundaWaybill();
    [GeneratedRegex(@"^SF\d{12,13}$")] private static partial Regex SfWaybill();
    [GeneratedRegex(@"^JD[A-Z0-9]{11,13}$")] private static partial Regex JdWaybill();
    [GeneratedRegex(@"^JT\d{13}$")] private static partial Regex JtWaybill();
    [GeneratedRegex(@"^([A-Z]{2}\d{9}CN|1\d{12}|9\d{12})$")] private static partial Regex EmsWaybill();
    [GeneratedRegex(@"^(DPK\d{12}|\d{10})$")] private static partial Regex DepponWaybill();
    [GeneratedRegex(@"^(BS|A)?\d{13}$")] private static partial Regex BestWaybill();

    public static IReadOnlyList<CarrierInfo> All { get; } =
    [
        new(Carrier.Zto, "ZTO", new("中通快递", "ZTO Express"), ZtoWaybill(), "731234567890"),
        new(Carrier.Yto, "YTO", new("圆通速递", "YTO Express"), YtoWaybill(), "YT1234567890123"),
        new(Carrier.Sto, "STO", new("申通快递", "STO Express"), StoWaybill(), "7712345678901"),
        new(Carrier.Yunda, "YUNDA", new("韵达快递", "Yunda Express"), YundaWaybill(), "4312345678901"),
        new(Carrier.SfExpress, "SF", new("顺丰速运", "SF Express"), SfWaybill(), "SF1234567890123"),
        new(Carrier.Jd, "JD", new("京东物流", "JD Logistics"), JdWaybill(), "JDX12345678901"),
        new(Carrier.JTExpress, "JT", new("极兔速递", "J&T Express"), JtWaybill(), "JT1234567890123"),
        new(Carrier.Ems, "EMS", new("邮政 EMS", "China Post EMS"), EmsWaybill(), "EA123456789CN"),
        new(Carrier.Deppon, "DEPPON", new("德邦快递", "Deppon Express"), DepponWaybill(), "DPK123456789012"),
        new(Carrier.Best, "BEST", new("百世快递", "BEST Express"), BestWaybill(), "1234567890123"),
    ];

    private static readonly Dictionary<Carrier, CarrierInfo> ByCarrier = All.ToDictionary(c => c.Carrier);

    public static CarrierInfo Of(Carrier carrier) => ByCarrier[carrier];

    /// <summary>A carrier as a file names it: its code (ZTO), or its Chinese or English name, or the short Chinese name (中通).</summary>
    public static Carrier? Parse(string text)
    {
        var t = text.Trim();
        if (t.Length == 0) return null;
        foreach (var c in All)
            if (c.Code.Equals(t, StringComparison.OrdinalIgnoreCase) || c.Name.Zh == t || c.Name.En.Equals(t, StringComparison.OrdinalIgnoreCase)
                || c.Name.Zh.StartsWith(t, StringComparison.Ordinal) && t.Length >= 2 || c.Carrier.ToString().Equals(t, StringComparison.OrdinalIgnoreCase))
                return c.Carrier;
        return null;
    }

    /// <summary>The waybill as stored (trimmed, upper case), or null when it is not in the carrier's format.</summary>
    public static string? Normalise(Carrier carrier, string waybill)
    {
        var w = waybill.Trim().ToUpperInvariant();
        return ByCarrier.TryGetValue(carrier, out var info) && info.Waybill.IsMatch(w) ? w : null;
    }

    public static Bilingual BadFormat(Carrier carrier, string waybill)
    {
        var info = Of(carrier);
        return new($"运单号“{waybill}”不符合{info.Name.Zh}的单号格式（例如 {info.Example}）。",
            $"The waybill \"{waybill}\" is not in {info.Name.En}'s format (e.g. {info.Example}).");
    }
}
