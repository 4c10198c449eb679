using System.Globalization;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Planning;

namespace KuaishouSeller.Web.Components.Pages.Planning;

/// <summary>The month in "?month=2026-11" (pages and report downloads), or the current Shanghai month.</summary>
public static class PlanMonth
{
    public static DateOnly FromQuery(string uri, TimeProvider clock) =>
        Parse(System.Web.HttpUtility.ParseQueryString(new Uri(uri).Query)["month"], clock);

    /// <summary>"2026-11" as that month's first day; anything else is the current Shanghai month.</summary>
    public static DateOnly Parse(string? value, TimeProvider clock) =>
        DateOnly.TryParseExact(value + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)
            ? month
            : PlanService.MonthOf(ShanghaiTime.Today(clock));
}
