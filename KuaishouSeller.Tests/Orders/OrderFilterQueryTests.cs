using KuaishouSeller.Core.Orders;
using KuaishouSeller.Web.Components.Pages.Orders;

namespace KuaishouSeller.Tests.Orders;

/// <summary>The order list's filter in an address: what the page pushes, Back restores and the to-do links open.</summary>
public sealed class OrderFilterQueryTests
{
    private static OrderFilter Parse(string query)
    {
        var values = System.Web.HttpUtility.ParseQueryString(query);
        return OrderFilterQuery.Parse(name => values[name]);
    }

    [Fact]
    public void Every_field_of_a_filter_survives_the_address_both_due_filters_included()
    {
        var filter = new OrderFilter
        {
            State = OrderListState.ToShip, ShopId = 7, SellingAccountId = 11, CreatorId = 13, Channel = SalesChannel.SelfBroadcastLive,
            PaidFrom = new DateOnly(2026, 11, 1), PaidTo = new DateOnly(2026, 11, 30), DueWithinHours = 24, DueToday = true,
            OverdueOnly = true, Sort = OrderSort.Stake, Search = "KS 2611&18",
        };
        Assert.Equal(filter, Parse(OrderFilterQuery.ToQuery(filter)));
    }

    [Fact]
    public void An_older_link_with_hours_under_due_still_opens_them()
    {
        Assert.Equal(24, Parse("state=ToShip&due=24").DueWithinHours);
        Assert.True(Parse("state=ToShip&due=today").DueToday);
        Assert.Null(Parse("state=ToShip&due=today").DueWithinHours);
    }

    [Theory]
    [InlineData("within=9999")]
    [InlineData("within=-1")]
    [InlineData("within=abc")]
    public void Hours_outside_the_window_open_the_list_without_that_filter(string query) =>
        Assert.Null(Parse(query).DueWithinHours);

    [Fact]
    public void The_longest_window_is_the_core_rule()
    {
        Assert.Equal(OrderFilter.MaxDueWithinHours, Parse($"within={OrderFilter.MaxDueWithinHours}").DueWithinHours);
        Assert.Null(Parse($"within={OrderFilter.MaxDueWithinHours + 1}").DueWithinHours);
    }
}
