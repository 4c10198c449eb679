using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Auditing;
using KuaishouSeller.Core.Commands;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Scores;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Programmes;

/// <summary>One eligibility rule or task: what is required, what the shop has, and whether it passes.</summary>
public sealed record ProgrammeRule(Bilingual Name, string Actual, string Required, bool Passed, decimal Progress);

/// <summary>川流计划: distribution plus stable self-broadcast; rewards the GMV from buyers that creators brought who come back.</summary>
public sealed record ChuanliuStatus(long ShopId, string ShopName, IReadOnlyList<ProgrammeRule> Rules, DateTime? EnrolledAt,
    long ExtraGmvFen, int ExtraOrders, int ReturningBuyers)
{
    public bool Eligible => Rules.All(r => r.Passed);
}

public sealed record DoujinTask(ProgrammeRule Rule, long RewardFen);

/// <summary>斗金计划: the cold-start tasks of a shop opened in the last 90 days, with progress and rewards.</summary>
public sealed record DoujinStatus(long ShopId, string ShopName, DateOnly OpenedOn, int DaysOpen, bool Applies, IReadOnlyList<DoujinTask> Tasks)
{
    public long EarnedFen => Tasks.Where(t => t.Rule.Passed).Sum(t => t.RewardFen);
    public long PossibleFen => Tasks.Sum(t => t.RewardFen);
}

/// <summary>The growth programmes, evaluated from the facts over the last 30 complete days.</summary>
public sealed class GrowthProgrammes(IDbContextFactory<AppDbContext> contexts, AccessService access, CommandRunner commands, TimeProvider clock)
{
    public const decimal MinDistributionShare = 0.15m;
    public const int MinLiveDays = 12;
    public const decimal MinScore = 75m;
    public const int ColdStartDays = 90;
    /// <summary>A buyer counts as "recommended by distribution" for this long after their first creator order.</summary>
    public const int AttributionDays = 90;

    public async Task<ChuanliuStatus> ChuanliuAsync(string userId, long shopId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var shop = await RequireAsync(db, userId, shopId, Permission.DashboardView, "programmes.view", ct);
        var (fromUtc, toUtc) = Window();
        var orders = db.Orders.AsNoTracking().Where(o => o.ShopId == shopId && o.PaidAt >= fromUtc && o.PaidAt < toUtc && o.Status != OrderStatus.Cancelled);
        var byChannel = await orders.GroupBy(o => o.Channel).Select(g => new { g.Key, Gmv = g.Sum(o => o.AmountFen) }).ToListAsync(ct);
        var total = byChannel.Sum(c => c.Gmv);
        var distribution = byChannel.Where(c => c.Key == SalesChannel.CreatorDistribution).Sum(c => c.Gmv);
        var share = total == 0 ? 0 : distribution / (decimal)total;
        var liveDays = (await orders.Where(o => o.Channel == SalesChannel.SelfBroadcastLive)
            .Select(o => o.PaidAt.AddHours(ShanghaiTime.UtcOffsetHours).Date).Distinct().ToListAsync(ct)).Count;
        var score = await db.ScoreSnapshots.AsNoTracking().Where(s => s.Subject == ScoreSubject.Shop && s.SubjectId == shopId)
            .OrderByDescending(s => s.Day).Select(s => (double?)s.Total).FirstOrDefaultAsync(ct);

        var rules = new List<ProgrammeRule>
        {
            new(new("达人分销成交占比", "Creator distribution share of GMV"), share.ToString("P1"), $"≥ {MinDistributionShare:P0}", share >= MinDistributionShare, Math.Min(1, share / MinDistributionShare)),
            new(new("稳定自播：有成交的直播天数", "Stable self-broadcast: live days with sales"), $"{liveDays}", $"≥ {MinLiveDays}", liveDays >= MinLiveDays, Math.Min(1, liveDays / (decimal)MinLiveDays)),
            new(new("店铺体验分", "Shop experience score"), score?.ToString("0.00") ?? "–", $"≥ {MinScore}", (decimal)(score ?? 0) >= MinScore, Math.Min(1, (decimal)(score ?? 0) / MinScore)),
        };
        var enrolment = await db.ProgrammeEnrolments.AsNoTracking().FirstOrDefaultAsync(e => e.ShopId == shopId && e.Programme == Programme.Chuanliu, ct);

        // Extra GMV: orders since enrolment in other fields, by buyers whose first order in this shop came through a creator.
        long extra = 0; int extraOrders = 0, returning = 0;
        if (enrolment is not null)
        {
            var since = enrolment.EnrolledAt;
            var all = db.Orders.AsNoTracking().Where(o => o.ShopId == shopId && o.Status != OrderStatus.Cancelled);
            var recommended = from o in all
                              where o.PaidAt >= since && o.Channel != SalesChannel.CreatorDistribution
                              where all.Any(d => d.BuyerId == o.BuyerId && d.Channel == SalesChannel.CreatorDistribution &&
                                                 d.PaidAt < o.PaidAt && d.PaidAt >= o.PaidAt.AddDays(-AttributionDays))
                              select o;
            var figures = await recommended.GroupBy(_ => 1)
                .Select(g => new { Gmv = g.Sum(o => o.AmountFen), Orders = g.Count(), Buyers = g.Select(o => o.BuyerId).Distinct().Count() })
                .SingleOrDefaultAsync(ct);
            (extra, extraOrders, returning) = (figures?.Gmv ?? 0, figures?.Orders ?? 0, figures?.Buyers ?? 0);
        }
        return new ChuanliuStatus(shopId, shop.Name, rules, enrolment?.EnrolledAt, extra, extraOrders, returning);
    }

    /// <summary>Enrols an eligible shop; the rules are checked again at this moment and every failed one is named.</summary>
    public async Task EnrolChuanliuAsync(string userId, long shopId, CancellationToken ct = default)
    {
        var status = await ChuanliuAsync(userId, shopId, ct);
        await commands.RunAsync(userId, AuditActions.ProgrammeEnrolled, async c =>
        {
            var shop = await c.Db.Shops.AsNoTracking().FirstOrDefaultAsync(s => s.Id == shopId, c.Cancellation) ?? throw UnknownShop();
            await c.RequireAsync(Permission.ShopsManage, shop.MerchantId, ShopTarget.Shop(shopId), UnknownShop());
            if (status.EnrolledAt is not null) throw new ConflictException(new("该店铺已加入川流计划。", "The shop is already in the Chuanliu programme."));
            var failed = status.Rules.Where(r => !r.Passed).ToList();
            if (failed.Count > 0)
                throw new DomainException(new("未满足：" + string.Join("；", failed.Select(r => $"{r.Name.Zh}（当前 {r.Actual}，要求 {r.Required}）")),
                    "Not met: " + string.Join("; ", failed.Select(r => $"{r.Name.En} (now {r.Actual}, required {r.Required})"))));
            c.Db.ProgrammeEnrolments.Add(new ProgrammeEnrolment { ShopId = shopId, Programme = Programme.Chuanliu, EnrolledAt = c.Now, EnrolledBy = c.Actor.DisplayName });
            c.Audit(new AuditSubject("Programme", nameof(Programme.Chuanliu), shop.Name), after: new { programme = nameof(Programme.Chuanliu) }, shopId: shopId);
        }, ct);
    }

    public async Task<DoujinStatus> DoujinAsync(string userId, long shopId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var shop = await RequireAsync(db, userId, shopId, Permission.DashboardView, "programmes.view", ct);
        var opened = DateOnly.FromDateTime(ShanghaiTime.ToLocal(shop.OpenedAt));
        var daysOpen = ShanghaiTime.Today(clock).DayNumber - opened.DayNumber;
        var orders = db.Orders.AsNoTracking().Where(o => o.ShopId == shopId && o.Status != OrderStatus.Cancelled);
        var cards = await db.Listings.CountAsync(l => l.ShopId == shopId && l.OnShelf, ct);
        var count = await orders.CountAsync(ct);
        var liveDays = (await orders.Where(o => o.Channel == SalesChannel.SelfBroadcastLive)
            .Select(o => o.PaidAt.AddHours(ShanghaiTime.UtcOffsetHours).Date).Distinct().ToListAsync(ct)).Count;
        var creatorOrders = await orders.CountAsync(o => o.Channel == SalesChannel.CreatorDistribution, ct);
        var score = await db.ScoreSnapshots.AsNoTracking().Where(s => s.Subject == ScoreSubject.Shop && s.SubjectId == shopId)
            .OrderByDescending(s => s.Day).Select(s => (double?)s.Total).FirstOrDefaultAsync(ct);

        static DoujinTask Task(string zh, string en, decimal actual, decimal target, long rewardYuan, string? shown = null) =>
            new(new ProgrammeRule(new(zh, en), shown ?? actual.ToString("N0"), $"≥ {target:N0}", actual >= target, Math.Min(1, target == 0 ? 1 : actual / target)), rewardYuan * 100);
        var tasks = new List<DoujinTask>
        {
            Task("上架 20 张商品卡", "List 20 product cards", cards, 20, 200),
            Task("完成首批 50 单", "Complete the first 50 orders", count, 50, 500),
            Task("自播 7 天有成交", "Sell in self-broadcast on 7 days", liveDays, 7, 800),
            Task("达人带货 30 单", "30 orders carried by creators", creatorOrders, 30, 800),
            Task("店铺体验分达到 75", "Reach an experience score of 75", (decimal)(score ?? 0), 75, 1000, score?.ToString("0.00") ?? "–"),
        };
        return new DoujinStatus(shopId, shop.Name, opened, daysOpen, daysOpen <= ColdStartDays, tasks);
    }

    private async Task<Organisations.Shop> RequireAsync(AppDbContext db, string userId, long shopId, Permission permission, string action, CancellationToken ct)
    {
        var shop = await db.Shops.AsNoTracking().FirstOrDefaultAsync(s => s.Id == shopId, ct) ?? throw UnknownShop();
        var actor = await access.ResolveAsync(db, userId, ct);
        await access.RequireAsync(actor, permission, shop.MerchantId, ShopTarget.Shop(shopId), action, ct, UnknownShop());
        return shop;
    }

    private static NotFoundException UnknownShop() => NotFoundException.Of("店铺", "shop");

    private (DateTime FromUtc, DateTime ToUtc) Window()
    {
        var yesterday = ShanghaiTime.Today(clock).AddDays(-1);
        return (ShanghaiTime.StartOfDayUtc(yesterday.AddDays(-29)), ShanghaiTime.StartOfDayUtc(yesterday.AddDays(1)));
    }
}
