using System.Globalization;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Planning;

namespace KuaishouSeller.Web.Components.Pages.Planning;

/// <summary>The month in "?month=2026-11", or the current Shanghai month.</summary>
public static class PlanMonth
{
    public static DateOnly FromQuery(string uri, TimeProvider clock)
    {
        var value = System.Web.HttpUtility.ParseQueryString(new Uri(uri).Query)["month"];
        return DateOnly.TryParseExact(value + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)
            ? month
            : PlanService.MonthOf(ShanghaiTime.Today(clock));
    }
}
