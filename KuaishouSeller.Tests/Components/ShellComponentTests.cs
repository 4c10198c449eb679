using System.Globalization;
using Bunit;
using KuaishouSeller.Core.Dashboard;
using KuaishouSeller.Web.Components.Layout;
using KuaishouSeller.Web.Components.Shared;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace KuaishouSeller.Tests.Components;

/// <summary>
/// A bUnit context with MudBlazor's services, rendering in one UI culture. The renderer keeps the
/// culture it was created under, as a circuit does, so each language gets its own test class.
/// </summary>
public abstract class ComponentTestContext : BunitContext
{
    protected ComponentTestContext(string culture)
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
    }
}

public sealed class ShellComponentTests() : ComponentTestContext("zh-CN")
{

    [Fact]
    public void The_navigation_offers_every_pillar_in_chinese()
    {
        var nav = Render<NavMenu>();
        var links = nav.FindAll("a").Select(a => (Href: a.GetAttribute("href"), Text: a.TextContent.Trim())).ToList();
        Assert.Equal(["/", "/shops", "/catalog", "/orders", "/inventory", "/after-sales", "/service", "/plan", "/growth", "/settlement", "/scores", "/campaigns", "/settings", "/settings/staff", "/settings/delegations", "/settings/audit"], links.Select(l => l.Href));
        Assert.Equal(["经营概览", "店铺与账号", "商品", "订单", "库存", "售后", "客服会话", "一盘棋", "增长计划", "佣金结算", "店铺评分", "活动报名", "设置", "员工与角色", "服务商授权", "操作日志"], links.Select(l => l.Text));
    }

    [Theory]
    [InlineData("/", "/")]
    [InlineData("/orders", "/orders")]
    [InlineData("/orders/42", "/orders")]
    [InlineData("/inventory/import", "/inventory")]
    [InlineData("/settings", "/settings")]
    [InlineData("/settings/staff", "/settings/staff")]
    [InlineData("/ordersx", null)]
    public void The_entry_the_page_falls_under_is_the_one_marked_current(string path, string? current)
    {
        var nav = Render<NavMenu>(p => p.Add(c => c.Path, path));
        var active = nav.FindAll("a.active").Select(a => a.GetAttribute("href")).ToList();
        var marked = nav.FindAll("a[aria-current=page]").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(current is null ? [] : [current], active);
        Assert.Equal(active, marked);
    }

    [Theory]
    [InlineData(0.125, "▲", "12.5%")]
    [InlineData(-0.04, "▼", "4.0%")]
    public void A_kpi_card_shows_the_change_against_the_previous_period(double change, string arrow, string percent)
    {
        var card = Render<KpiCard>(p => p.Add(c => c.Label, "GMV").Add(c => c.Value, "¥1.2万").Add(c => c.Change, (decimal)change));
        Assert.Contains("¥1.2万", card.Markup);
        Assert.Contains(arrow, card.Markup);
        Assert.Contains(percent, card.Markup);
    }

    [Fact]
    public void A_kpi_card_without_a_previous_period_shows_no_change()
    {
        var card = Render<KpiCard>(p => p.Add(c => c.Label, "订单数").Add(c => c.Value, "0"));
        Assert.DoesNotContain("▲", card.Markup);
        Assert.DoesNotContain("▼", card.Markup);
    }

    [Fact]
    public void An_empty_state_explains_itself()
    {
        var empty = Render<EmptyState>(p => p.Add(c => c.Title, "暂无店铺").Add(c => c.Text, "您还没有可管理的店铺。"));
        Assert.Contains("暂无店铺", empty.Markup);
        Assert.Contains("您还没有可管理的店铺。", empty.Markup);
    }
}

public sealed class EnglishShellComponentTests() : ComponentTestContext("en")
{
    [Fact]
    public void The_navigation_speaks_english_when_chosen()
    {
        var nav = Render<NavMenu>();
        Assert.Contains("Stock", nav.Markup);
        Assert.Contains("One plan", nav.Markup);
        Assert.DoesNotContain("商品与库存", nav.Markup);
    }
}
