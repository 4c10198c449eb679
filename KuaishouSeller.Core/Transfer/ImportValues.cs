using System.Globalization;
using KuaishouSeller.Core.Common;

namespace KuaishouSeller.Core.Transfer;

/// <summary>Parses cell text the way a merchant types it; every refusal names the value it could not read.</summary>
public static class ImportValues
{
    /// <summary>A whole number of units. Excel may hand "12.0" for 12; "12.5", "-3" and "abc" are refused.</summary>
    public static bool TryQuantity(string text, int max, out int value, out Bilingual problem)
    {
        value = 0;
        problem = default;
        var t = text.Trim().Replace(",", "");
        if (!decimal.TryParse(t, NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
        {
            problem = new($"“{text}”不是数字。", $"\"{text}\" is not a number.");
            return false;
        }
        if (number < 0)
        {
            problem = new($"数量不能为负数（{text}）。", $"A quantity cannot be negative ({text}).");
            return false;
        }
        if (number != decimal.Truncate(number))
        {
            problem = new($"数量必须是整数（{text}）。", $"A quantity must be a whole number ({text}).");
            return false;
        }
        if (number > max)
        {
            problem = new($"数量不能超过 {max:N0}（{text}）。", $"A quantity cannot exceed {max:N0} ({text}).");
            return false;
        }
        value = (int)number;
        return true;
    }

    /// <summary>A price in yuan ("¥1,299.5", "89") to whole fen; more than two decimals or a negative amount is refused.</summary>
    public static bool TryMoney(string text, out long fen, out Bilingual problem)
    {
        fen = 0;
        problem = default;
        var t = text.Trim().TrimStart('¥', '￥').Replace(",", "").Trim();
        if (!decimal.TryParse(t, NumberStyles.Number, CultureInfo.InvariantCulture, out var yuan))
        {
            problem = new($"“{text}”不是金额。", $"\"{text}\" is not an amount of money.");
            return false;
        }
        if (yuan < 0)
        {
            problem = new($"金额不能为负数（{text}）。", $"An amount cannot be negative ({text}).");
            return false;
        }
        if (yuan * 100 != decimal.Truncate(yuan * 100))
        {
            problem = new($"金额最多两位小数（{text}）。", $"An amount has at most two decimals ({text}).");
            return false;
        }
        if (yuan > 10_000_000)
        {
            problem = new($"金额过大（{text}）。", $"The amount is too large ({text}).");
            return false;
        }
        fen = (long)(yuan * 100);
        return true;
    }

    public static decimal Yuan(long fen) => fen / 100m;
}
