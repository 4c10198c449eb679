using System.Globalization;
using KuaishouSeller.Core.Orders;

namespace KuaishouSeller.Web.Components.Pages.Orders;

/// <summary>The order list's filter in a URL (the to-do links, the pick list and the export take the same one).</summary>
public static class OrderFilterQuery
{
    public static OrderFilter Parse(Func<string, string?> get, OrderListState fallback = OrderListState.All) => new()
    {
        State = Enum.TryParse<OrderListState>(get("state"), true, out var s) && Enum.IsDefined(s) ? s : fallback,
        ShopId = long.TryParse(get("shop"), NumberStyles.None, CultureInfo.InvariantCulture, out var shop) ? shop : null,
        SellingAccountId = long.TryParse(get("account"), NumberStyles.None, CultureInfo.InvariantCulture, out var account) ? account : null,
        CreatorId = long.TryParse(get("creator"), NumberStyles.None, CultureInfo.InvariantCulture, out var creator) ? creator : null,
        Channel = Enum.TryParse<SalesChannel>(get("field"), true, out var c) && Enum.IsDefined(c) ? c : null,
        PaidFrom = DateOnly.TryParseExact(get("from"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from) ? from : null,
        PaidTo = DateOnly.TryParseExact(get("to"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to) ? to : null,
        // Hours travel as "within" (so "due=today" can sit beside them); "due=N" is what older links carry.
        DueWithinHours = Hours(get("within")) ?? Hours(get("due")),
        OverdueOnly = get("overdue") == "1",
        DueToday = get("due") == "today",
        Sort = Enum.TryParse<OrderSort>(get("sort"), true, out var sort) && Enum.IsDefined(sort) ? sort : OrderSort.Newest,
        Search = get("q") is { Length: > 0 } q ? q : null,
    };

    public static string ToQuery(OrderFilter filter)
    {
        var parts = new List<string> { "state=" + filter.State };
        if (filter.ShopId is { } shop) parts.Add("shop=" + shop.ToString(CultureInfo.InvariantCulture));
        if (filter.SellingAccountId is { } account) parts.Add("account=" + account.ToString(CultureInfo.InvariantCulture));
        if (filter.CreatorId is { } creator) parts.Add("creator=" + creator.ToString(CultureInfo.InvariantCulture));
        if (filter.Channel is { } channel) parts.Add("field=" + channel);
        if (filter.PaidFrom is { } from) parts.Add("from=" + from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (filter.PaidTo is { } to) parts.Add("to=" + to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (filter.DueWithinHours is { } within) parts.Add("within=" + within.ToString(CultureInfo.InvariantCulture));
        if (filter.OverdueOnly) parts.Add("overdue=1");
        if (filter.DueToday) parts.Add("due=today");
        if (filter.Sort != OrderSort.Newest) parts.Add("sort=" + filter.Sort.ToString().ToLowerInvariant());
        if (!string.IsNullOrWhiteSpace(filter.Search)) parts.Add("q=" + Uri.EscapeDataString(filter.Search));
        return string.Join("&", parts);
    }

    private static int? Hours(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var hours) && hours <= OrderFilter.MaxDueWithinHours ? hours : null;
}
