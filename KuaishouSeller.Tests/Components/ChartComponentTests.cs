using Bunit;
using KuaishouSeller.Core.Scores;
using KuaishouSeller.Web.Components.Pages.Scores;
using KuaishouSeller.Web.Components.Shared;

namespace KuaishouSeller.Tests.Components;

/// <summary>The typed chart component and the entitlement chips, rendered without a browser.</summary>
public sealed class ChartComponentTests() : ComponentTestContext("zh-CN"), IAsyncLifetime
{
    // MudChip's key interceptor can only be disposed asynchronously.
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    [Fact]
    public void A_chart_hands_its_series_to_chartjs_and_offers_the_same_numbers_as_a_table()
    {
        var chart = Render<Chart>(p => p
            .Add(c => c.Label, "每日分数趋势")
            .Add(c => c.Labels, ["11-17", "11-18"])
            .Add(c => c.Series, [new Chart.ChartSeries("总分", [88.5, null], "#FF5000")]));

        Assert.Equal("每日分数趋势", chart.Find("[role=img]").GetAttribute("aria-label"));
        var cells = chart.FindAll("tbody td").Select(td => td.TextContent).ToList();
        Assert.Equal(["11-17", "88.5", "11-18", "–"], cells);
        var call = JSInterop.Invocations.Single(i => i.Identifier == "ks.charts.render");
        Assert.Contains("88.5", System.Text.Json.JsonSerializer.Serialize(call.Arguments[1]));
    }

    [Fact]
    public void Entitlements_say_what_a_tier_brings()
    {
        var chips = Render<Entitlements>(p => p.Add(e => e.Tier, RulebookDefaults.Shop.Tiers.Single(t => t.Code == "A")));
        Assert.Contains("流量权重 ×1.15", chips.Markup);
        Assert.Contains("商品卡免佣", chips.Markup);
        var lowest = Render<Entitlements>(p => p.Add(e => e.Tier, RulebookDefaults.Shop.Tiers.Single(t => t.Code == "D")));
        Assert.Contains("不可报名大促", lowest.Markup);
    }
}
