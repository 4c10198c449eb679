using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Organisations;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Workspace;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Scores;

public sealed record ScoreOption(long Id, string Name);

public sealed record ScoreDay(DateOnly Day, double Total);

/// <summary>Everything a score page shows, explained by the rulebook version the snapshot used.</summary>
public sealed record ScorePage(
    ScoreSubject Subject, long SubjectId, string Name, DateOnly Day, Rulebook Rulebook, RulebookDefinition Definition,
    IReadOnlyDictionary<string, Measure> Measures, ScoreResult Result, IReadOnlyDictionary<string, double> Percentiles,
    IReadOnlyDictionary<string, ScorePeer> Peers, IReadOnlyList<ScoreDay> History)
{
    /// <summary>The what-if simulator: the same engine on changed indicator values.</summary>
    public ScoreResult Simulate(IReadOnlyDictionary<string, decimal> values) => ScoreEngine.Evaluate(Definition, Measures, values);
}

public sealed record ProductScoreRow(long ListingId, string Title, string ShopName, double Total, string Tier, int Orders);

/// <summary>One order (or chat, or refund) that cost points on one indicator; <see cref="OrderId"/> links to the order (none for chats).</summary>
public sealed record CostRow(string Reference, long? OrderId, DateTime At, long? AmountFen, Bilingual Detail, string? Product = null);

/// <summary>Score pages, product lists, the orders behind an indicator, the rulebooks and the data-quality list.</summary>
public sealed class ScoreQueries(IDbContextFactory<AppDbContext> contexts, WorkspaceService workspaces, AccessService access)
{
    public const int HistoryDays = 60;

    /// <summary>The shops the user may see scores of in the current workspace.</summary>
    public async Task<IReadOnlyList<ScoreOption>> ShopsAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var scope = await workspaces.ResolveAsync(db, userId, ct);
        var ids = await scope.ShopIdsAsync(db, Permission.ScoresView, ct);
        return await db.Shops.AsNoTracking().Where(s => ids.Contains(s.Id)).OrderBy(s => s.Id).Select(s => new ScoreOption(s.Id, s.Name)).ToListAsync(ct);
    }

    /// <summary>The creator organisation of the current workspace, when it is one.</summary>
    public async Task<ScoreOption?> CurrentCreatorAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var scope = await workspaces.ResolveAsync(db, userId, ct);
        return scope.Workspace is { Kind: OrganisationKind.Creator } w && scope.Actor.Can(Permission.ScoresView, w.OrganisationId, ShopTarget.AllShops)
            ? new ScoreOption(w.OrganisationId, w.OrganisationName) : null;
    }

    /// <summary>The latest score of a subject the user may see, or null when none has been computed yet.</summary>
    public async Task<ScorePage?> PageAsync(string userId, ScoreSubject subject, long subjectId, DateOnly? day = null, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var name = await AuthoriseAsync(db, userId, subject, subjectId, ct);
        var snapshots = db.ScoreSnapshots.AsNoTracking().Where(s => s.Subject == subject && s.SubjectId == subjectId);
        var snapshot = await (day is { } d ? snapshots.Where(s => s.Day == d) : snapshots).OrderByDescending(s => s.Day).FirstOrDefaultAsync(ct);
        if (snapshot is null) return null;
        var rulebook = await db.Rulebooks.AsNoTracking().SingleAsync(r => r.Id == snapshot.RulebookId, ct);
        var definition = RulebookDefinition.Parse(rulebook.Definition);
        var detail = SnapshotDetail.Parse(snapshot.Detail);
        var measures = detail.ToMeasures();
        var peers = await db.ScorePeers.AsNoTracking()
            .Where(p => p.Day == snapshot.Day && p.Subject == subject && p.CategoryId == snapshot.CategoryId).ToDictionaryAsync(p => p.Code, ct);
        var since = snapshot.Day.AddDays(-(HistoryDays - 1));
        var history = await snapshots.Where(s => s.Day >= since && s.Day <= snapshot.Day).OrderBy(s => s.Day)
            .Select(s => new ScoreDay(s.Day, s.Total)).ToListAsync(ct);
        return new ScorePage(subject, subjectId, name, snapshot.Day, rulebook, definition, measures,
            ScoreEngine.Evaluate(definition, measures), detail.Percentiles, peers, history);
    }

    /// <summary>A shop's products by score (worst first, where attention pays), for the latest day, paged in SQL.</summary>
    public async Task<PagedResult<ProductScoreRow>> ProductsAsync(string userId, long shopId, PageRequest page, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await AuthoriseAsync(db, userId, ScoreSubject.Shop, shopId, ct);
        var day = await db.ScoreSnapshots.Where(s => s.Subject == ScoreSubject.Product && s.ShopId == shopId).MaxAsync(s => (DateOnly?)s.Day, ct);
        var rows = from s in db.ScoreSnapshots.AsNoTracking()
                   where s.Subject == ScoreSubject.Product && s.ShopId == shopId && s.Day == day
                   join l in db.Listings on s.SubjectId equals l.Id
                   join shop in db.Shops on l.ShopId equals shop.Id
                   select new { s, l.Title, Shop = shop.Name };
        var total = await rows.CountAsync(ct);
        var list = await rows.OrderBy(r => r.s.Total).ThenBy(r => r.s.SubjectId).Skip(page.Offset).Take(page.Take).ToListAsync(ct);
        return new PagedResult<ProductScoreRow>(list.Select(r =>
        {
            var paid = SnapshotDetail.Parse(r.s.Detail).Measures.GetValueOrDefault(IndicatorCatalog.QualityRefundRate);
            return new ProductScoreRow(r.s.SubjectId, r.Title, r.Shop, r.s.Total, r.s.Tier, (int)(paid?[1] ?? 0));
        }).ToList(), total);
    }

    /// <summary>The orders (chats, refunds) that cost points on one indicator over the snapshot's window, newest first.</summary>
    public async Task<PagedResult<CostRow>> CostingAsync(string userId, ScoreSubject subject, long subjectId, string code, DateOnly day, int windowDays,
        PageRequest page, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await AuthoriseAsync(db, userId, subject, subjectId, ct);
        var fromUtc = ShanghaiTime.StartOfDayUtc(day.AddDays(-(windowDays - 1)));
        // The list explains the day's snapshot, so it counts what the engine counted: facts known by the end of that day.
        var asOf = DueRules.AsOfEndOf(day);
        var orders = DataQuality.CountableOrders(db).AsNoTracking().Where(o => o.PaidAt >= fromUtc && o.PaidAt < asOf && o.Status != OrderStatus.Cancelled);
        orders = subject switch
        {
            ScoreSubject.Shop => orders.Where(o => o.ShopId == subjectId),
            ScoreSubject.Product => orders.Where(o => o.ListingId == subjectId),
            _ => await VisibleCreatorOrdersAsync(db, userId, subjectId, orders.Where(o => o.CreatorId == subjectId), ct),
        };

        switch (code)
        {
            case IndicatorCatalog.ChatReply3minRate:
            {
                var chats = db.ChatSessions.AsNoTracking().Where(c => c.ShopId == subjectId && c.StartedAt >= fromUtc && c.StartedAt < asOf &&
                                                                     DueRules.IsLate(c.FirstRepliedAt, c.ReplyDueAt, asOf)).WithRules();
                var total = await chats.CountAsync(ct);
                var rows = await chats.OrderByDescending(c => c.StartedAt).Skip(page.Offset).Take(page.Take).ToListAsync(ct);
                return new(rows.Select(c => new CostRow($"chat-{c.Id}", null, c.StartedAt, null, c.FirstResponseSeconds is { } s
                    ? new($"首次回复用了 {s / 60} 分 {s % 60} 秒", $"First reply after {s / 60} min {s % 60} s")
                    : new("无人回复", "Nobody replied"))).ToList(), total);
            }
            case IndicatorCatalog.QualityRefundRate or IndicatorCatalog.RefundRate or IndicatorCatalog.Refund3dResolveRate:
            {
                var refunds = from r in DataQuality.CountableRefunds(db).AsNoTracking()
                              where r.RequestedAt < asOf
                              join o in orders on r.OrderId equals o.Id
                              select new { o.Id, o.OrderNo, o.PaidAt, o.AmountFen, r.Reason, r.RequestedAt, r.ResolvedAt, r.HandlingDueAt, Product = db.Listings.Where(l => l.Id == o.ListingId).Select(l => l.Title).FirstOrDefault() };
                refunds = code switch
                {
                    IndicatorCatalog.QualityRefundRate => refunds.Where(r => Refund.IsQualityReason(r.Reason)).WithRules(),
                    IndicatorCatalog.Refund3dResolveRate => refunds.Where(r => DueRules.IsLate(r.ResolvedAt, r.HandlingDueAt, asOf)).WithRules(),
                    _ => refunds,
                };
                var total = await refunds.CountAsync(ct);
                var rows = await refunds.OrderByDescending(r => r.PaidAt).Skip(page.Offset).Take(page.Take).ToListAsync(ct);
                return new(rows.Select(r => new CostRow(r.OrderNo, r.Id, r.PaidAt, r.AmountFen, code == IndicatorCatalog.Refund3dResolveRate
                    ? IndicatorTexts.LateRefund(r.RequestedAt, r.ResolvedAt)
                    : ReasonText(r.Reason), r.Product)).ToList(), total);
            }
            case IndicatorCatalog.NegativeReviewRate or IndicatorCatalog.GoodReviewRate:
            {
                var maxRating = code == IndicatorCatalog.NegativeReviewRate ? IndicatorCatalog.NegativeMaxRating : IndicatorCatalog.GoodMinRating - 1;
                var reviews = from v in db.Reviews.AsNoTracking()
                              where v.Rating <= maxRating && v.CreatedAt < asOf
                              join o in orders on v.OrderId equals o.Id
                              select new { o.Id, o.OrderNo, o.PaidAt, o.AmountFen, v.Rating, Product = db.Listings.Where(l => l.Id == o.ListingId).Select(l => l.Title).FirstOrDefault() };
                var total = await reviews.CountAsync(ct);
                var rows = await reviews.OrderByDescending(r => r.PaidAt).Skip(page.Offset).Take(page.Take).ToListAsync(ct);
                return new(rows.Select(r => new CostRow(r.OrderNo, r.Id, r.PaidAt, r.AmountFen, new($"{r.Rating} 星评价", $"{r.Rating}-star review"), r.Product)).ToList(), total);
            }
            case IndicatorCatalog.ProductComplaintRate or IndicatorCatalog.LogisticsComplaintRate or IndicatorCatalog.ServiceComplaintRate:
            {
                ComplaintKind[] kinds = code switch
                {
                    IndicatorCatalog.ProductComplaintRate => [ComplaintKind.ProductQuality, ComplaintKind.FalseAdvertising],
                    IndicatorCatalog.LogisticsComplaintRate => [ComplaintKind.Logistics],
                    _ => [ComplaintKind.Service],
                };
                var complaints = from c in db.Complaints.AsNoTracking()
                                 where c.Upheld && kinds.Contains(c.Kind) && c.CreatedAt < asOf
                                 join o in orders on c.OrderId equals o.Id
                                 select new { o.Id, o.OrderNo, o.PaidAt, o.AmountFen, c.Kind, Product = db.Listings.Where(l => l.Id == o.ListingId).Select(l => l.Title).FirstOrDefault() };
                var total = await complaints.CountAsync(ct);
                var rows = await complaints.OrderByDescending(r => r.PaidAt).Skip(page.Offset).Take(page.Take).ToListAsync(ct);
                return new(rows.Select(r => new CostRow(r.OrderNo, r.Id, r.PaidAt, r.AmountFen, new($"成立的投诉：{IndicatorTexts.Kind(r.Kind).Zh}", $"Upheld complaint: {IndicatorTexts.Kind(r.Kind).En}"), r.Product)).ToList(), total);
            }
            case IndicatorCatalog.Pickup48hRate or IndicatorCatalog.Delivery5dRate:
            {
                var late = (code == IndicatorCatalog.Pickup48hRate
                    ? orders.Where(o => DueRules.IsLate(o.PickedUpAt, o.PickupDueAt, asOf))
                    : orders.Where(o => DueRules.IsLate(o.DeliveredAt, o.DeliveryDueAt, asOf))).WithRules();
                var total = await late.CountAsync(ct);
                var rows = await late.OrderByDescending(o => o.PaidAt).Skip(page.Offset).Take(page.Take)
                    .Select(o => new { o.Id, o.OrderNo, o.PaidAt, o.AmountFen, o.PickedUpAt, o.DeliveredAt, Product = db.Listings.Where(l => l.Id == o.ListingId).Select(l => l.Title).FirstOrDefault() }).ToListAsync(ct);
                return new(rows.Select(o => new CostRow(o.OrderNo, o.Id, o.PaidAt, o.AmountFen,
                    IndicatorTexts.LateFulfilment(code, o.PaidAt, code == IndicatorCatalog.Pickup48hRate ? o.PickedUpAt : o.DeliveredAt), o.Product)).ToList(), total);
            }
            default:
                throw new DomainException(new($"未知指标“{code}”。", $"Unknown indicator \"{code}\"."));
        }
    }

    public async Task<IReadOnlyList<Rulebook>> RulebooksAsync(ScoreSubject subject, TimeProvider clock, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await ScoreService.ActiveRulebookAsync(db, subject, clock, ct);
        return await db.Rulebooks.AsNoTracking().Where(r => r.Subject == subject).OrderByDescending(r => r.Version).ToListAsync(ct);
    }

    /// <summary>The platform publishes rulebooks; everyone else reads them.</summary>
    public async Task<bool> CanPublishAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var actor = await access.ResolveAsync(db, userId, ct);
        return await AccessService.IsPlatformReviewerAsync(db, actor, ct);
    }

    public async Task<PagedResult<DataQualityIssue>> DataQualityAsync(string userId, PageRequest page, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var scope = await workspaces.ResolveAsync(db, userId, ct);
        var shops = await scope.ShopIdsAsync(db, Permission.ScoresView, ct);
        return await DataQuality.ListAsync(db, shops, page, ct);
    }

    /// <summary>
    /// A creator's reputation score is public, but the orders behind it belong to the merchants who sold them: outside
    /// the creator's own organisation a user sees only the orders of shops whose scores they may see.
    /// </summary>
    private async Task<IQueryable<Order>> VisibleCreatorOrdersAsync(AppDbContext db, string userId, long creatorId, IQueryable<Order> orders, CancellationToken ct)
    {
        var actor = await access.ResolveAsync(db, userId, ct);
        if (actor.Can(Permission.ScoresView, creatorId, ShopTarget.AllShops)) return orders;
        var grants = actor.Grants.Where(g => g.Allows(Permission.ScoresView)).ToList();
        var wholeOrganisations = grants.Where(g => g.ShopIds is null).Select(g => g.OrganisationId).Distinct().ToList();
        var someShops = grants.Where(g => g.ShopIds is not null).SelectMany(g => g.ShopIds!).Distinct().ToList();
        return orders.Where(o => wholeOrganisations.Contains(o.MerchantId) || someShops.Contains(o.ShopId));
    }

    /// <summary>Shop and product scores need the scores right on that shop; creator reputation is public to signed-in users.</summary>
    private async Task<string> AuthoriseAsync(AppDbContext db, string userId, ScoreSubject subject, long subjectId, CancellationToken ct)
    {
        if (subject == ScoreSubject.Creator)
            return await db.Organisations.Where(o => o.Id == subjectId && o.Kind == OrganisationKind.Creator).Select(o => o.Name).FirstOrDefaultAsync(ct)
                   ?? throw new DomainException(new("找不到该达人。", "That creator does not exist."));
        var target = subject == ScoreSubject.Shop
            ? await db.Shops.Where(s => s.Id == subjectId).Select(s => new { ShopId = s.Id, s.MerchantId, s.Name }).FirstOrDefaultAsync(ct)
            : await (from l in db.Listings where l.Id == subjectId join s in db.Shops on l.ShopId equals s.Id select new { ShopId = s.Id, s.MerchantId, Name = l.Title }).FirstOrDefaultAsync(ct);
        var unknown = new NotFoundException(new("找不到评分对象。", "Nothing to score with that id."));
        if (target is null) throw unknown;
        var actor = await access.ResolveAsync(db, userId, ct);
        await access.RequireAsync(actor, Permission.ScoresView, target.MerchantId, ShopTarget.Shop(target.ShopId), "scores.view", ct, unknown);
        return target.Name;
    }

    private static Bilingual ReasonText(RefundReason reason)
    {
        var name = IndicatorTexts.Reason(reason);
        return new($"退款原因：{name.Zh}", $"Refund reason: {name.En}");
    }
}
