using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Dashboard;
using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Planning;
using KuaishouSeller.Core.Settlement;
using KuaishouSeller.Web.Components.Pages.Planning;

namespace KuaishouSeller.Web.Hosting;

/// <summary>The page tables offered as downloads: the same Core queries the pages show, flattened to rows.</summary>
public static class Reports
{
    public static async Task<(string[] Header, List<object?[]> Rows)?> BuildAsync(IServiceProvider services, string userId, string name, int days, string? month, CancellationToken ct)
    {
        switch (name)
        {
            case "dashboard":
            {
                var o = await services.GetRequiredService<DashboardQueries>().GetOverviewAsync(userId, days, ct);
                return (["日期从", "日期到", "场域", "入口", "GMV(元)", "订单", "访客(按日合计)", "转化率", "上期GMV(元)", "去年同期GMV(元)"],
                    o.Fields.Select(f => new object?[] { o.From.ToString("yyyy-MM-dd"), o.To.ToString("yyyy-MM-dd"), f.Channel.ToString(),
                        f.Entrance == ShelfEntrance.None ? "" : f.Entrance.ToString(), Money.ToYuan(f.GmvFen), f.Orders, f.Visitors, f.Conversion is { } c ? Math.Round(c, 4) : null, Money.ToYuan(f.PreviousGmvFen), Money.ToYuan(f.YearAgoGmvFen) }).ToList());
            }
            case "top":
            {
                var o = await services.GetRequiredService<DashboardQueries>().GetOverviewAsync(userId, days, ct);
                IEnumerable<object?[]> Section(string section, IReadOnlyList<TopRow> rows) =>
                    rows.Select((r, i) => new object?[] { section, i + 1, r.Name, r.Detail, Money.ToYuan(r.GmvFen), r.Orders });
                return (["榜单", "名次", "名称", "说明", "GMV(元)", "订单"],
                    Section("热销商品", o.TopGoods).Concat(Section("带货达人", o.TopCreators)).Concat(Section("直播间", o.TopLiveRooms)).ToList());
            }
            case "settlement":
            {
                var v = await services.GetRequiredService<SettlementQueries>().GetAsync(userId, days, ct);
                return (["店铺", "等级", "免佣", "场域", "GMV(元)", "佣金(元)", "免佣(元)", "退款(元)", "退佣(元)", "应付(元)"],
                    v.Shops.SelectMany(s => s.Fields.Select(f => new object?[] { s.ShopName, s.Tier, s.WaiverApplies ? "是" : "否", f.Channel.ToString(),
                        Money.ToYuan(f.GmvFen), Money.ToYuan(f.CommissionFen), Money.ToYuan(f.WaivedFen), Money.ToYuan(f.RefundedFen),
                        Money.ToYuan(f.CommissionReversedFen), Money.ToYuan(f.DueFen) })).ToList());
            }
            case "plan":
            {
                if (month is not null && !System.Text.RegularExpressions.Regex.IsMatch(month, @"^\d{4}-(0[1-9]|1[0-2])$"))
                    throw new DomainException(new("月份格式应为 2026-11。", "The month must look like 2026-11."));
                var chosen = PlanMonth.Parse(month, services.GetRequiredService<TimeProvider>());
                var board = await services.GetRequiredService<PlanService>().BoardAsync(userId, chosen, ct);
                return (["月份", "店铺", "场域", "GMV目标(元)", "GMV达成(元)", "订单目标", "订单达成"],
                    board.Shops.SelectMany(s => s.Channels.Select(c => new object?[] { board.Month.ToString("yyyy-MM"), s.ShopName, c.Channel.ToString(),
                        Money.ToYuan(c.Figures.GmvTargetFen), Money.ToYuan(c.Figures.GmvActualFen), c.Figures.OrdersTarget, c.Figures.OrdersActual })).ToList());
            }
            default:
                return null;
        }
    }

    public static async IAsyncEnumerable<object?[]> Stream(IEnumerable<object?[]> rows)
    {
        foreach (var row in rows) yield return row;
        await Task.CompletedTask;
    }
}
