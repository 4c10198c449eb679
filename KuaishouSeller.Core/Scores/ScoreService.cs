using System.Diagnostics;
using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Auditing;
using KuaishouSeller.Core.Commands;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Organisations;
using KuaishouSeller.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Scores;

/// <summary>What a recompute scored and where its time went (counting the facts, scoring, writing the snapshots).</summary>
public sealed record RecomputeReport(DateOnly Day, int Shops, int Products, int Creators, TimeSpan Took, TimeSpan Counting = default, TimeSpan Writing = default);

public sealed record ScoreProgress(Bilingual Stage, int Done, int Total);

/// <summary>Computes and stores the daily score snapshots, and publishes rulebook versions.</summary>
public sealed class ScoreService(IDbContextFactory<AppDbContext> contexts, CommandRunner commands, TimeProvider clock)
{
    /// <summary>The day a nightly run scores: yesterday in Shanghai (T+1, the day is complete).</summary>
    public DateOnly LatestCompleteDay => ShanghaiTime.Today(clock).AddDays(-1);

    /// <summary>The newest version of a subject's rulebook; version 1 is published from the defaults when there is none.</summary>
    public static async Task<Rulebook> ActiveRulebookAsync(AppDbContext db, ScoreSubject subject, TimeProvider clock, CancellationToken ct = default)
    {
        var book = await db.Rulebooks.AsNoTracking().Where(r => r.Subject == subject).OrderByDescending(r => r.Version).FirstOrDefaultAsync(ct);
        if (book is not null) return book;
        book = new Rulebook
        {
            Subject = subject, Version = 1, Definition = RulebookDefaults.For(subject).ToJson(),
            PublishedAt = clock.GetUtcNow().UtcDateTime, PublishedBy = "platform", Note = "默认规则 Default rules",
        };
        db.Rulebooks.Add(book);
        await db.SaveChangesAsync(ct);
        return book;
    }

    /// <summary>Publishes a new rulebook version after validation; the platform alone may. Old snapshots keep their version.</summary>
    public Task<Rulebook> PublishAsync(string userId, string json, string? note, CancellationToken ct = default)
    {
        var definition = RulebookDefinition.Parse(json);
        RulebookValidator.EnsureValid(definition);
        return commands.RunAsync(userId, AuditActions.RulebookPublished, async c =>
        {
            await c.RequirePlatformAsync();
            var current = await ActiveRulebookAsync(c.Db, definition.Subject, clock, c.Cancellation);
            var book = new Rulebook
            {
                Subject = definition.Subject, Version = current.Version + 1, Definition = definition.ToJson(),
                PublishedAt = c.Now, PublishedBy = c.Actor.DisplayName, Note = note?.Trim(),
            };
            c.Db.Rulebooks.Add(book);
            c.Audit(new AuditSubject("Rulebook", $"{definition.Subject}", definition.Subject.ToString()), new { version = current.Version },
                new { version = book.Version, note = book.Note });
            return book;
        }, ct);
    }

    /// <summary>
    /// Recomputes on demand: a merchant user with the scores right recomputes their shops (and those shops' products);
    /// the platform recomputes everything. Returns what was written.
    /// </summary>
    public async Task<RecomputeReport> RecomputeForUserAsync(string userId, long? shopId, IProgress<ScoreProgress>? progress = null, CancellationToken ct = default)
    {
        await AuthoriseRecomputeAsync(userId, shopId, ct);
        return await RecomputeAsync(LatestCompleteDay, shopId is null ? null : [shopId.Value], progress, ct);
    }

    /// <summary>
    /// Refuses (and records) a recompute the user may not start, before any work is queued; an allowed request is
    /// audited. A shop's scores for whoever sees them there; everything for the platform.
    /// </summary>
    public Task AuthoriseRecomputeAsync(string userId, long? shopId, CancellationToken ct = default) =>
        commands.RunAsync(userId, AuditActions.ScoresRecomputeRequested, async c =>
        {
            if (shopId is { } id)
            {
                var shop = await c.Db.Shops.Where(s => s.Id == id).Select(s => new { s.MerchantId, s.Name }).FirstOrDefaultAsync(c.Cancellation)
                    ?? throw NotFoundException.Of("店铺", "shop");
                await c.RequireAsync(Permission.ScoresView, shop.MerchantId, ShopTarget.Shop(id), NotFoundException.Of("店铺", "shop"));
                c.Audit(new AuditSubject("Shop", id.ToString(), shop.Name), shopId: id);
            }
            else
            {
                await c.RequirePlatformAsync();
                c.Audit(new AuditSubject("Scores", "all"));
            }
        }, ct);

    /// <summary>
    /// Scores every shop, every listing sold in the window and every creator for one day (or only the given shops'
    /// listings; shops are always all scored, they are few and their peers must match). One transaction per run.
    /// </summary>
    public async Task<RecomputeReport> RecomputeAsync(DateOnly day, IReadOnlyCollection<long>? onlyShops = null, IProgress<ScoreProgress>? progress = null, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var subjects = onlyShops is null ? new[] { ScoreSubject.Shop, ScoreSubject.Product, ScoreSubject.Creator } : [ScoreSubject.Shop, ScoreSubject.Product];
        return await RecomputeAsync(db, clock, day, subjects, onlyShops, progress, ct, announceChanges: true, readers: contexts.CreateDbContext);
    }

    /// <summary>
    /// The run itself, on a given context (the demo-world seeder calls it for the score history); with
    /// <paramref name="readers"/> the facts are counted on several connections at once (see <see cref="ScoreFacts"/>).
    /// </summary>
    public static async Task<RecomputeReport> RecomputeAsync(AppDbContext db, TimeProvider clock, DateOnly day, ScoreSubject[] subjects,
        IReadOnlyCollection<long>? onlyShops, IProgress<ScoreProgress>? progress, CancellationToken ct, bool announceChanges = false,
        Func<AppDbContext>? readers = null)
    {
        var stopwatch = Stopwatch.StartNew();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(5));
        var shops = await db.Shops.AsNoTracking().Select(s => new { s.Id, s.MerchantId, s.MainCategoryId }).ToListAsync(ct);
        var counts = new int[4];
        // With a second connection, the listings (who a product subject is) are read while the facts are counted.
        var listings = subjects.Contains(ScoreSubject.Product) && readers is not null ? ListingsBesideAsync(readers, onlyShops, ct) : null;

        var scored = new List<ScoredBatch>();
        var peers = new List<ScorePeer>();
        var step = 0;
        var asOf = DueRules.AsOfEndOf(day);
        // Subjects whose rulebooks share a window share one pass over the facts.
        var windows = new Dictionary<int, FactCells>();
        var countingTime = TimeSpan.Zero;
        foreach (var subject in subjects)
        {
            progress?.Report(new(new($"统计{Name(subject).Zh}", $"Counting {Name(subject).En}"), step++, subjects.Length));
            var rulebook = await ActiveRulebookAsync(db, subject, clock, ct);
            var book = RulebookDefinition.Parse(rulebook.Definition);
            if (!windows.TryGetValue(book.WindowDays, out var cells))
            {
                var counting = Stopwatch.StartNew();
                windows[book.WindowDays] = cells = await ScoreFacts.CollectAsync(db, readers, shops.Select(s => s.Id).ToList(),
                    ShanghaiTime.StartOfDayUtc(day.AddDays(-(book.WindowDays - 1))), asOf, asOf, ct);
                countingTime += counting.Elapsed;
            }
            var facts = cells.For(subject, subject == ScoreSubject.Product ? onlyShops : null);

            // Who is scored, and the category their peers share.
            List<(long Id, long Organisation, long? Shop, long Category)> who = subject switch
            {
                ScoreSubject.Shop => shops.Select(s => (s.Id, s.MerchantId, (long?)s.Id, s.MainCategoryId)).ToList(),
                ScoreSubject.Product => (await (listings ?? ListingsAsync(db, onlyShops, ct))).Where(l => facts.ContainsKey(l.Id)).ToList(),
                _ => facts.Keys.Select(id => (id, id, (long?)null, 0L)).ToList(),
            };
            // Subjects score independently (the engine is pure), so they are scored on every core.
            var results = who.AsParallel().AsOrdered().Select(s =>
            {
                var measures = facts.GetValueOrDefault(s.Id)?.ToMeasures() ?? [];
                var result = ScoreEngine.Evaluate(book, measures);
                return new ScoredSubject(s, measures, result, result.Indicators.ToArray());
            }).ToList();

            // Every result lists its indicators in the rulebook's order, so one position serves every subject.
            var rules = book.Indicators.ToList();
            var percentiles = new Dictionary<long, Dictionary<string, double>>();
            foreach (var category in results.GroupBy(r => r.Subject.Category))
                for (var position = 0; position < rules.Count; position++)
                {
                    var rule = rules[position];
                    var counted = category.Select(r => (r.Subject.Id, Score: r.Indicators[position]))
                        .Where(x => !x.Score.Fallback && x.Score.Value is not null).Select(x => (x.Id, Value: (double)x.Score.Value!.Value)).ToList();
                    if (counted.Count == 0) continue;
                    var values = counted.Select(x => x.Value).Order().ToArray();
                    peers.Add(new ScorePeer
                    {
                        Day = day, Subject = subject, CategoryId = category.Key, Code = rule.Code, Count = values.Length,
                        P25 = Quantile(values, 0.25), Median = Quantile(values, 0.5), P75 = Quantile(values, 0.75), P90 = Quantile(values, 0.9),
                    });
                    foreach (var (id, v) in counted)
                    {
                        // The peers this one beats, by binary search in the sorted values (not a count per subject).
                        var beaten = rule.Direction == Direction.LowerIsBetter ? values.Length - UpperBound(values, v) : LowerBound(values, v);
                        if (!percentiles.TryGetValue(id, out var of)) percentiles[id] = of = [];
                        of[rule.Code] = values.Length == 1 ? 100 : Math.Round(100.0 * beaten / (values.Length - 1), 1);
                    }
                }
            scored.Add(new ScoredBatch(subject, rulebook.Id, day, results, percentiles));
            counts[(int)subject] = results.Count;
        }

        progress?.Report(new(new("写入快照", "Writing snapshots"), subjects.Length, subjects.Length));
        var writing = Stopwatch.StartNew();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (announceChanges && scored.FirstOrDefault(b => b.Subject == ScoreSubject.Shop) is { } shopBatch)
            await AnnounceShopChangesAsync(db, clock, day, shopBatch.Results.Select((_, i) => shopBatch.Snapshot(i)).ToList(), ct);
        var shopList = onlyShops?.ToList();
        if (shopList is null)
            await db.ScoreSnapshots.Where(s => s.Day == day && subjects.Contains(s.Subject)).ExecuteDeleteAsync(ct);
        else
            await db.ScoreSnapshots.Where(s => s.Day == day && (s.Subject == ScoreSubject.Shop ||
                    (s.Subject == ScoreSubject.Product && s.ShopId != null && shopList.Contains(s.ShopId.Value))))
                .ExecuteDeleteAsync(ct);
        var replaced = peers.Select(p => p.Subject).Distinct().ToList();
        await db.ScorePeers.Where(p => p.Day == day && replaced.Contains(p.Subject)).ExecuteDeleteAsync(ct);
        await BulkInsert.InsertNumberedByDatabaseAsync(db, Snapshots(scored), ct);
        await BulkInsert.InsertAsync(db, peers, ct);
        await transaction.CommitAsync(ct);
        progress?.Report(new(new("完成", "Done"), subjects.Length, subjects.Length));
        return new RecomputeReport(day, counts[1], counts[2], counts[3], stopwatch.Elapsed, countingTime, writing.Elapsed);
    }

    /// <summary>
    /// Every scored subject's snapshot, made (its detail serialised) on the other cores while the rows before it are
    /// being written, so the write does not wait for all of them first.
    /// </summary>
    private static IEnumerable<ScoreSnapshot> Snapshots(List<ScoredBatch> batches) =>
        batches.SelectMany(batch => batch.Results.AsParallel().AsOrdered().Select((_, i) => batch.Snapshot(i)));

    private sealed record ScoredSubject((long Id, long Organisation, long? Shop, long Category) Subject, Dictionary<string, Measure> Measures,
        ScoreResult Result, IndicatorScore[] Indicators);

    /// <summary>One subject kind's results, and the share of its category's peers each one beats.</summary>
    private sealed record ScoredBatch(ScoreSubject Subject, long RulebookId, DateOnly Day, List<ScoredSubject> Results,
        Dictionary<long, Dictionary<string, double>> Percentiles)
    {
        private static readonly Dictionary<string, double> None = [];

        public ScoreSnapshot Snapshot(int index)
        {
            var r = Results[index];
            return new ScoreSnapshot
            {
                Subject = Subject, SubjectId = r.Subject.Id, OrganisationId = r.Subject.Organisation, ShopId = r.Subject.Shop,
                CategoryId = r.Subject.Category, Day = Day, RulebookId = RulebookId, Total = (double)r.Result.Total, Tier = r.Result.Tier.Code,
                Detail = new SnapshotDetail(r.Measures.ToDictionary(m => m.Key, m => SnapshotDetail.Store(m.Value)),
                    Percentiles.GetValueOrDefault(r.Subject.Id) ?? None).ToJson(),
            };
        }
    }

    /// <summary>
    /// A score.changed event for each shop whose total differs from its last stored one (the same day's, when this run
    /// replaces it, else the latest earlier day's), in the run's own transaction. A shop scored for the first time has
    /// nothing to change from and announces nothing.
    /// </summary>
    private static async Task AnnounceShopChangesAsync(AppDbContext db, TimeProvider clock, DateOnly day, IReadOnlyList<ScoreSnapshot> fresh, CancellationToken ct)
    {
        var stored = db.ScoreSnapshots.AsNoTracking().Where(s => s.Subject == ScoreSubject.Shop && s.Day <= day);
        if (!await stored.AnyAsync(ct)) return;
        var lastDay = await stored.MaxAsync(s => s.Day, ct);
        var previous = await stored.Where(s => s.Day == lastDay).Select(s => new { s.SubjectId, s.Total, s.Tier }).ToDictionaryAsync(s => s.SubjectId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var snapshot in fresh)
        {
            if (!previous.TryGetValue(snapshot.SubjectId, out var before) || !ScoreRules.Changed(before.Total, snapshot.Total)) continue;
            KuaishouSeller.Core.Webhooks.WebhookOutbox.Add(db, snapshot.OrganisationId, KuaishouSeller.Core.Webhooks.WebhookEvents.ScoreChanged, new
            {
                shopId = snapshot.SubjectId, day, previousDay = lastDay, previous = before.Total, score = snapshot.Total,
                previousTier = before.Tier, tier = snapshot.Tier,
            }, now);
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Shop, merchant and category of every listing (of the given shops). Read per shop scope rather than by id: the
    /// scored listings are most of them, and a list of 100k ids would not fit in one SQL statement.
    /// </summary>
    private static async Task<List<(long Id, long Organisation, long? Shop, long Category)>> ListingsAsync(AppDbContext db,
        IReadOnlyCollection<long>? onlyShops, CancellationToken ct)
    {
        var listings = onlyShops is null ? db.Listings.AsNoTracking() : db.Listings.AsNoTracking().Where(l => onlyShops.Contains(l.ShopId));
        var all = await (from l in listings
                         join s in db.Shops on l.ShopId equals s.Id
                         join k in db.Skus on l.SkuId equals k.Id
                         join p in db.Spus on k.SpuId equals p.Id
                         select new { l.Id, s.MerchantId, l.ShopId, p.CategoryId }).ToListAsync(ct);
        return all.Select(l => (l.Id, l.MerchantId, (long?)l.ShopId, l.CategoryId)).ToList();
    }

    private static async Task<List<(long Id, long Organisation, long? Shop, long Category)>> ListingsBesideAsync(Func<AppDbContext> readers,
        IReadOnlyCollection<long>? onlyShops, CancellationToken ct)
    {
        await Task.Yield(); // the caller goes on to count the facts meanwhile
        await using var reader = readers();
        return await ListingsAsync(reader, onlyShops, ct);
    }

    /// <summary>How many sorted values are below <paramref name="v"/>.</summary>
    private static int LowerBound(double[] sorted, double v)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < v) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// <summary>How many sorted values are at or below <paramref name="v"/>.</summary>
    private static int UpperBound(double[] sorted, double v)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= v) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private static double Quantile(double[] sorted, double q)
    {
        var position = (sorted.Length - 1) * q;
        var lower = (int)Math.Floor(position);
        var upper = (int)Math.Ceiling(position);
        return Math.Round(sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower), 6);
    }

    public static Bilingual Name(ScoreSubject subject) => subject switch
    {
        ScoreSubject.Shop => new("店铺体验分", "shop experience scores"),
        ScoreSubject.Product => new("商品分", "product scores"),
        _ => new("带货口碑分", "creator reputation scores"),
    };
}
