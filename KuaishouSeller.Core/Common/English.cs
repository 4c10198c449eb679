namespace KuaishouSeller.Core.Common;

/// <summary>English counts: "1 product", "2 products" (Chinese needs no plural).</summary>
public static class English
{
    public static string Count(long n, string one, string? many = null) => $"{n:N0} {(n == 1 ? one : many ?? one + "s")}";

    /// <summary>A count stored as text (audit values); anything that is not a number keeps the plural.</summary>
    public static string Count(string n, string one, string? many = null) =>
        long.TryParse(n, out var value) ? Count(value, one, many) : $"{n} {many ?? one + "s"}";
}
