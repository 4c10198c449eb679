namespace KuaishouSeller.Core.Common;

/// <summary>
/// Instants are stored in UTC; merchants think in Beijing time (Asia/Shanghai, UTC+8, no DST).
/// Day boundaries for reports, campaign phases and score windows are Shanghai days.
/// </summary>
public static class ShanghaiTime
{
    /// <summary>China has kept UTC+8 without daylight saving since 1991; SQL day bucketing relies on it.</summary>
    public const int UtcOffsetHours = 8;

    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static DateTime ToLocal(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    public static DateTime ToUtc(DateTime shanghaiLocal) =>
        TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(shanghaiLocal, DateTimeKind.Unspecified), Zone);

    /// <summary>Today's date in Shanghai according to the given clock.</summary>
    public static DateOnly Today(TimeProvider clock) =>
        DateOnly.FromDateTime(ToLocal(clock.GetUtcNow().UtcDateTime));

    /// <summary>The UTC instant at which the given Shanghai day starts.</summary>
    public static DateTime StartOfDayUtc(DateOnly day) => ToUtc(day.ToDateTime(TimeOnly.MinValue));

    /// <summary>The next Beijing midnight after a moment: the end of "today" for what falls due today.</summary>
    public static DateTime NextMidnightUtc(DateTime utc) => StartOfDayUtc(DateOnly.FromDateTime(ToLocal(utc)).AddDays(1));

    public static string Format(DateTime utc) => ToLocal(utc).ToString("yyyy-MM-dd HH:mm");
}
