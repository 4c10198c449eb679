using System.Globalization;
using KuaishouSeller.Core.Orders;

namespace KuaishouSeller.Web.Components.Pages.Orders;

/// <summary>
/// The order list's filter in a URL (the to-do links, the pick list and the export take the same one). The filter bar's
/// controls carry the same texts (an id, a yyyy-MM-dd day, whole hours), so they read them with the same parsers.
/// </summary>
public static class OrderFilterQuery
{
    public static OrderFilter Parse(Func<string, string?> get, OrderListState fallback = OrderListState.All) => new()
    {
        State = Enum.TryParse<OrderListState>(get("state"), true, out var s) && Enum.IsDefined(s) ? s : fallback,
        ShopId = Id(get("shop")),
        SellingAccountId = Id(get("account")),
        CreatorId = Id(get("creator")),
        Channel = Channel(get("field")),
        PaidFrom = Day(get("from")),
        PaidTo = Day(get("to")),
        // Hours travel as "within" (so "due=today" can sit beside them); "due=N" is what older links carry.
        DueWithinHours = Hours(get("within")) ?? Hours(get("due")),
        OverdueOnly = get("overdue") == "1",
        DueToday = get("due") == "today",
        Sort = Sort(get("sort")),
        Search = get("q") is { Length: > 0 } q ? q : null,
    };

    public static string ToQuery(OrderFilter filter)
    {
        var parts = new List<string> { "state=" + filter.State };
        if (filter.ShopId is { } shop) parts.Add("shop=" + IdText(shop));
        if (filter.SellingAccountId is { } account) parts.Add("account=" + IdText(account));
        if (filter.CreatorId is { } creator) parts.Add("creator=" + IdText(creator));
        if (filter.Channel is { } channel) parts.Add("field=" + channel);
        if (filter.PaidFrom is { } from) parts.Add("from=" + DayText(from));
        if (filter.PaidTo is { } to) parts.Add("to=" + DayText(to));
        if (filter.DueWithinHours is { } within) parts.Add("within=" + within.ToString(CultureInfo.InvariantCulture));
        if (filter.OverdueOnly) parts.Add("overdue=1");
        if (filter.DueToday) parts.Add("due=today");
        if (filter.Sort != OrderSort.Newest) parts.Add("sort=" + filter.Sort.ToString().ToLowerInvariant());
        if (!string.IsNullOrWhiteSpace(filter.Search)) parts.Add("q=" + Uri.EscapeDataString(filter.Search));
        return string.Join("&", parts);
    }

    public static long? Id(string? text) => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
    public static string IdText(long? id) => id?.ToString(CultureInfo.InvariantCulture) ?? "";

    public static DateOnly? Day(string? text) =>
        DateOnly.TryParseExact(text, DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
    public static string? DayText(DateOnly? day) => day?.ToString(DayFormat, CultureInfo.InvariantCulture);

    /// <summary>Whole hours within <see cref="OrderFilter.MaxDueWithinHours"/>, else null.</summary>
    public static int? Hours(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var hours) && hours <= OrderFilter.MaxDueWithinHours ? hours : null;

    public static SalesChannel? Channel(string? text) => Enum.TryParse<SalesChannel>(text, true, out var c) && Enum.IsDefined(c) ? c : null;
    public static OrderSort Sort(string? text) => Enum.TryParse<OrderSort>(text, true, out var sort) && Enum.IsDefined(sort) ? sort : OrderSort.Newest;

    private const string DayFormat = "yyyy-MM-dd";
}
