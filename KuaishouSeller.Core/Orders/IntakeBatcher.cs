using System.Collections.Concurrent;
using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Commands;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Inventory;
using KuaishouSeller.Core.Jobs;
using KuaishouSeller.Core.Organisations;
using KuaishouSeller.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KuaishouSeller.Core.Orders;

/// <summary>
/// Settles order intakes in groups. Requests of one caller queue on a lane (chosen by their first SKU); while a lane
/// settles one group, the requests arriving meanwhile gather into the next, so the group grows with the load and a
/// lone request waits for nobody. A group is one command of the caller (one actor resolution, one transaction): per
/// SKU one conditional UPDATE for the whole group's demand (<c>SET Reserved = Reserved + n WHERE available &gt;= n</c>),
/// and when that fails, the units left are read and granted in arrival order with one more conditional UPDATE; then
/// the intakes, orders, ledger entries, events and audit entries of the winners are inserted together, in bulk. The database stays the
/// arbiter, so several web nodes settling the same SKU can never oversell; a lost race on the idempotency key or the
/// external id (the unique indexes) sends each request of the group through again on its own, where it finds the winner.
/// </summary>
public sealed class IntakeBatcher(IServiceScopeFactory scopes)
{
    /// <summary>At most this many requests settle in one transaction (an hour-long lock helps nobody).</summary>
    public const int MaxGroup = 256;
    /// <summary>A conditional UPDATE lost to another node this many times in a row: the remaining requests are told to retry.</summary>
    private const int MaxRounds = 5;

    private readonly ConcurrentDictionary<(string User, int Lane), Lane> _lanes = new();
    private int _laneCount;

    private sealed class Lane(string user)
    {
        public string User { get; } = user;
        public List<Pending> Queue { get; } = [];
        public bool Running { get; set; }
    }

    private sealed class Pending(CheckedIntake intake)
    {
        public CheckedIntake Intake { get; } = intake;
        public TaskCompletionSource<IntakeResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    internal async Task<IntakeResult> SubmitAsync(string userId, CheckedIntake intake, CancellationToken ct)
    {
        var lanes = await LaneCountAsync(ct);
        var pending = new Pending(intake);
        var lane = _lanes.GetOrAdd((userId, (int)((uint)intake.Lines[0].SkuCode.GetHashCode() % (uint)lanes)), k => new Lane(k.User));
        bool start;
        lock (lane)
        {
            lane.Queue.Add(pending);
            start = !lane.Running;
            lane.Running = true;
        }
        if (start) _ = Task.Run(() => DrainAsync(lane), CancellationToken.None);
        // A caller who goes away stops waiting; the order, if it won, stands (a retry with the same key finds it).
        return await pending.Done.Task.WaitAsync(ct);
    }

    /// <summary>
    /// SQLite has one writer, so one lane per caller (more would only wait on its lock); PostgreSQL locks per row, so
    /// requests for different SKUs settle side by side on a few lanes.
    /// </summary>
    private async ValueTask<int> LaneCountAsync(CancellationToken ct)
    {
        if (_laneCount > 0) return _laneCount;
        await using var scope = scopes.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(ct);
        return _laneCount = db.Database.IsNpgsql() ? 4 : 1;
    }

    private async Task DrainAsync(Lane lane)
    {
        while (true)
        {
            List<Pending> group;
            lock (lane)
            {
                if (lane.Queue.Count == 0)
                {
                    lane.Running = false;
                    return;
                }
                var take = Math.Min(MaxGroup, lane.Queue.Count);
                group = lane.Queue.GetRange(0, take);
                lane.Queue.RemoveRange(0, take);
            }
            try
            {
                await SettleAsync(lane.User, group);
            }
            catch (Exception e)
            {
                foreach (var p in group) p.Done.TrySetException(e);
            }
        }
    }

    private async Task SettleAsync(string user, List<Pending> group)
    {
        try
        {
            await SettleOnceAsync(user, group);
        }
        catch (Exception e) when (JobRunStore.IsUniqueViolation(e))
        {
            // Another node (or lane) took a key or external id of this group between our check and our insert: each
            // request again on its own, where the check now sees the winner and answers its order (or the refusal).
            foreach (var p in group.Where(p => !p.Done.Task.IsCompleted))
            {
                try
                {
                    await SettleOnceAsync(user, [p]);
                }
                catch (Exception again) when (JobRunStore.IsUniqueViolation(again))
                {
                    await SettleOnceAsync(user, [p]);
                }
            }
        }
    }

    /// <summary>What one request of a group comes to: created (the entities, ids filled at the save), a replay, or a refusal.</summary>
    private sealed class Outcome
    {
        public IntakeOrder? Intake;
        public List<(Order Order, string SkuCode)>? Created;
        public long? ReplayOf;
        public int? FollowerOf;
        public Exception? Refusal;
        public (long Merchant, long Shop)? Denied;
    }

    private async Task SettleOnceAsync(string user, IReadOnlyList<Pending> group)
    {
        await using var scope = scopes.CreateAsyncScope();
        var commands = scope.ServiceProvider.GetRequiredService<CommandRunner>();
        var outcomes = group.Select(_ => new Outcome()).ToArray();
        Actor? actor = null;
        Dictionary<long, IntakeResult> replays = [];
        try
        {
            replays = await commands.RunInTransactionAsync(user, IntakeRules.Created, async c =>
            {
                actor = c.Actor;
                return await DecideAsync(c, group, outcomes);
            });
        }
        catch (UserFacingException refusal)
        {
            // The caller as a whole is refused (a key whose creator lost every right): every request hears it.
            foreach (var p in group) p.Done.TrySetException(refusal);
            return;
        }
        if (actor is not null && outcomes.Any(o => o.Denied is not null))
        {
            var access = scope.ServiceProvider.GetRequiredService<AccessService>();
            foreach (var o in outcomes.Where(o => o.Denied is not null))
                await access.RecordRefusalAsync(actor, o.Denied!.Value.Merchant, o.Denied.Value.Shop, Permission.OrdersFulfil.Code(), IntakeRules.Created);
        }
        for (var i = 0; i < group.Count; i++) Complete(group, outcomes, replays, i);
    }

    private static void Complete(IReadOnlyList<Pending> group, Outcome[] outcomes, Dictionary<long, IntakeResult> replays, int i)
    {
        var (p, o) = (group[i], outcomes[i]);
        if (o.Refusal is not null) p.Done.TrySetException(o.Refusal);
        else if (o.Created is not null)
            p.Done.TrySetResult(new IntakeResult(true, o.Intake!.Id, o.Intake.ShopId, o.Intake.ExternalId,
                o.Created.Select(x => Line(x.Order, x.SkuCode)).ToList()));
        else if (o.ReplayOf is { } id) p.Done.TrySetResult(replays[id] with { Created = false });
        else if (o.FollowerOf is { } first)
        {
            // The same request twice in one group: the second is a retry of the first and answers what the first got.
            var lead = outcomes[first];
            if (lead.Refusal is not null) p.Done.TrySetException(lead.Refusal);
            else if (lead.Created is not null)
                p.Done.TrySetResult(new IntakeResult(false, lead.Intake!.Id, lead.Intake.ShopId, lead.Intake.ExternalId,
                    lead.Created.Select(x => Line(x.Order, x.SkuCode)).ToList()));
            else if (lead.ReplayOf is { } leadReplay) p.Done.TrySetResult(replays[leadReplay] with { Created = false });
        }
    }

    private static IntakeOrderLine Line(Order o, string code) => new(o.Id, o.OrderNo, code, o.Quantity, o.AmountFen, o.Status, o.PaidAt, o.PickupDueAt);

    private static NotFoundException UnknownShop() => NotFoundException.Of("店铺", "shop");

    /// <summary>The group's decisions inside the caller's command; returns the earlier intakes that retries are answered with.</summary>
    private static async Task<Dictionary<long, IntakeResult>> DecideAsync(CommandContext c, IReadOnlyList<Pending> group, Outcome[] outcomes)
    {
        var (db, ct, actor) = (c.Db, c.Cancellation, c.Actor);
        var intakes = group.Select(p => p.Intake).ToList();

        // Who may: orders.fulfil on the shop; a shop outside the caller's organisations looks missing.
        var shopIds = intakes.Select(i => i.ShopId).Distinct().ToList();
        var shops = await db.Shops.AsNoTracking().Where(s => shopIds.Contains(s.Id)).Select(s => new { s.Id, s.MerchantId })
            .ToDictionaryAsync(s => s.Id, s => s.MerchantId, ct);
        var merchantOf = new long[intakes.Count];
        for (var i = 0; i < intakes.Count; i++)
        {
            if (!shops.TryGetValue(intakes[i].ShopId, out var merchant) || !actor.GrantsIn(merchant).Any())
            {
                outcomes[i].Refusal = UnknownShop();
                continue;
            }
            merchantOf[i] = merchant;
            if (!actor.Can(Permission.OrdersFulfil, merchant, ShopTarget.Shop(intakes[i].ShopId)))
            {
                outcomes[i].Refusal = AccessService.Refusal(actor, Permission.OrdersFulfil, merchant, ShopTarget.Shop(intakes[i].ShopId), UnknownShop());
                outcomes[i].Denied = (merchant, intakes[i].ShopId);
            }
        }
        bool Open(int i) => outcomes[i].Refusal is null && outcomes[i].ReplayOf is null && outcomes[i].FollowerOf is null;
        var open = Enumerable.Range(0, intakes.Count).Where(Open).ToList();
        if (open.Count == 0) return [];

        // Retries: an earlier intake with the same key (same organisation) or the same external id (same shop).
        var merchants = open.Select(i => merchantOf[i]).Distinct().ToList();
        var keys = open.Select(i => intakes[i].IdempotencyKey).Where(k => k is not null).Distinct().ToList();
        var openShops = open.Select(i => intakes[i].ShopId).Distinct().ToList();
        var externalIds = open.Select(i => intakes[i].ExternalId).Distinct().ToList();
        var earlier = await db.IntakeOrders.AsNoTracking()
            .Where(x => (merchants.Contains(x.MerchantId) && keys.Contains(x.IdempotencyKey)) || (openShops.Contains(x.ShopId) && externalIds.Contains(x.ExternalId)))
            .ToListAsync(ct);
        var byKey = earlier.Where(x => x.IdempotencyKey is not null).ToDictionary(x => (x.MerchantId, x.IdempotencyKey!));
        var byExternal = earlier.ToDictionary(x => (x.ShopId, x.ExternalId));
        var claimedKeys = new Dictionary<(long, string), int>();
        var claimedExternal = new Dictionary<(long, string), int>();
        foreach (var i in open)
        {
            var intake = intakes[i];
            var o = outcomes[i];
            if (intake.IdempotencyKey is { } key && byKey.TryGetValue((merchantOf[i], key), out var sameKey))
            {
                if (sameKey.BodyHash == intake.BodyHash) o.ReplayOf = sameKey.Id;
                else o.Refusal = new IdempotencyKeyReusedException();
            }
            else if (byExternal.TryGetValue((intake.ShopId, intake.ExternalId), out var sameExternal))
            {
                if (sameExternal.BodyHash == intake.BodyHash) o.ReplayOf = sameExternal.Id;
                else o.Refusal = new ConflictException(IntakeRules.ExternalIdReused(intake.ExternalId, await FirstOrderNoAsync(db, sameExternal.Id, ct)));
            }
            else if (intake.IdempotencyKey is { } k && claimedKeys.TryGetValue((merchantOf[i], k), out var leadByKey))
            {
                if (intakes[leadByKey].BodyHash == intake.BodyHash) o.FollowerOf = leadByKey;
                else o.Refusal = new IdempotencyKeyReusedException();
            }
            else if (claimedExternal.TryGetValue((intake.ShopId, intake.ExternalId), out var leadByExternal))
            {
                if (intakes[leadByExternal].BodyHash == intake.BodyHash) o.FollowerOf = leadByExternal;
                else o.Refusal = new ConflictException(IntakeRules.ExternalIdReused(intake.ExternalId, "—"));
            }
            else
            {
                if (intake.IdempotencyKey is { } claim) claimedKeys[(merchantOf[i], claim)] = i;
                claimedExternal[(intake.ShopId, intake.ExternalId)] = i;
            }
        }
        var replayIds = outcomes.Where(o => o.ReplayOf is not null).Select(o => o.ReplayOf!.Value).Distinct().ToList();
        var replays = replayIds.Count == 0 ? [] : await ReplaysAsync(db, replayIds, ct);
        open = open.Where(Open).ToList();
        if (open.Count == 0) return replays;

        // What each line is: the shop's listing of the merchant's SKU code; the account must be the shop's, the creator a creator.
        var codes = open.SelectMany(i => intakes[i].Lines.Select(l => l.SkuCode)).Distinct().ToList();
        var skus = await db.Skus.AsNoTracking().Where(s => merchants.Contains(s.MerchantId) && codes.Contains(s.Code))
            .Select(s => new { s.Id, s.MerchantId, s.Code }).ToListAsync(ct);
        var skuIds = skus.Select(s => s.Id).ToList();
        var skuOf = skus.ToDictionary(s => (s.MerchantId, s.Code), s => s.Id);
        var listings = await db.Listings.AsNoTracking().Where(l => openShops.Contains(l.ShopId) && skuIds.Contains(l.SkuId))
            .Select(l => new { l.Id, l.ShopId, l.SkuId }).ToDictionaryAsync(l => (l.ShopId, l.SkuId), l => l.Id, ct);
        var accountIds = open.Select(i => intakes[i].AccountId).Where(a => a is not null).Distinct().ToList();
        var accounts = accountIds.Count == 0 ? [] : await db.SellingAccounts.AsNoTracking().Where(a => accountIds.Contains(a.Id))
            .ToDictionaryAsync(a => a.Id, a => a.ShopId, ct);
        var creatorIds = open.Select(i => intakes[i].CreatorId).Where(a => a is not null).Distinct().ToList();
        var creators = creatorIds.Count == 0 ? [] : (await db.Organisations.AsNoTracking()
            .Where(o => creatorIds.Contains(o.Id) && o.Kind == OrganisationKind.Creator).Select(o => o.Id).ToListAsync(ct)).ToHashSet();
        var resolved = new Dictionary<int, (long SkuId, long ListingId)[]>();
        foreach (var i in open)
        {
            var intake = intakes[i];
            var lines = new (long, long)[intake.Lines.Count];
            for (var k = 0; k < lines.Length && outcomes[i].Refusal is null; k++)
            {
                if (skuOf.TryGetValue((merchantOf[i], intake.Lines[k].SkuCode), out var skuId) && listings.TryGetValue((intake.ShopId, skuId), out var listingId))
                    lines[k] = (skuId, listingId);
                else
                    outcomes[i].Refusal = new IntakeFieldException($"items[{k}].skuCode", new($"该店铺没有上架 SKU“{intake.Lines[k].SkuCode}”。",
                        $"The shop does not list the SKU \"{intake.Lines[k].SkuCode}\"."));
            }
            if (outcomes[i].Refusal is null && intake.AccountId is { } account && accounts.GetValueOrDefault(account) != intake.ShopId)
                outcomes[i].Refusal = new IntakeFieldException("accountId", new("该账号不属于此店铺。", "That account is not one of the shop's."));
            if (outcomes[i].Refusal is null && intake.CreatorId is { } creator && !creators.Contains(creator))
                outcomes[i].Refusal = new IntakeFieldException("creatorId", new("找不到该达人。", "There is no such creator."));
            if (outcomes[i].Refusal is null) resolved[i] = lines;
        }
        open = open.Where(Open).ToList();
        if (open.Count == 0) return replays;

        // The stock: per bucket (a SKU's shared pool, or one shop's quota of it), in a fixed order across nodes.
        var quotaShops = await db.ShopStockQuotas.AsNoTracking().Where(q => skuIds.Contains(q.SkuId) && openShops.Contains(q.ShopId))
            .Select(q => new { q.SkuId, q.ShopId }).ToListAsync(ct);
        var hasQuota = quotaShops.Select(q => (q.SkuId, q.ShopId)).ToHashSet();
        Bucket BucketOf(int i, int k) => new(resolved[i][k].SkuId, hasQuota.Contains((resolved[i][k].SkuId, intakes[i].ShopId)) ? intakes[i].ShopId : null);
        var alive = open.ToHashSet();
        var reservedIn = new Dictionary<Bucket, int>();
        var buckets = open.SelectMany(i => intakes[i].Lines.Select((_, k) => BucketOf(i, k))).Distinct()
            .OrderBy(b => b.SkuId).ThenBy(b => b.QuotaShopId ?? 0).ToList();
        foreach (var bucket in buckets)
        {
            var demand = open.Where(alive.Contains)
                .SelectMany(i => intakes[i].Lines.Select((l, k) => (i, k, l.Quantity)).Where(x => BucketOf(x.i, x.k) == bucket)).ToList();
            if (demand.Count == 0) continue;
            var (granted, left) = await ReserveAsync(db, bucket, demand.Select(d => d.Quantity).ToList(), ct);
            reservedIn[bucket] = demand.Where((_, n) => granted[n]).Sum(d => d.Quantity);
            for (var n = 0; n < demand.Count; n++)
            {
                if (granted[n]) continue;
                var (i, k, quantity) = demand[n];
                alive.Remove(i);
                outcomes[i].Refusal = left is null
                    ? new ConflictException(new("库存正被抢购，请稍后重试。", "The stock is being sold very fast; try again in a moment."))
                    : new ConflictException(IntakeRules.NotEnoughStock(intakes[i].Lines[k].SkuCode, quantity, left.Value));
            }
        }
        // An order of several lines that lost one line gives back what its other lines had reserved (same transaction).
        foreach (var (bucket, reserved) in reservedIn)
        {
            var kept = alive.SelectMany(i => intakes[i].Lines.Select((l, k) => (i, k, l.Quantity)).Where(x => BucketOf(x.i, x.k) == bucket)).Sum(x => x.Quantity);
            if (reserved > kept) await GiveBackAsync(db, bucket, reserved - kept, ct);
        }
        var winners = open.Where(alive.Contains).ToList();
        if (winners.Count == 0) return replays;

        // The winners, appended in bulk: the intake, its orders (ids handed out first, so the ledger and audit name them), ledger, audit.
        var intakeIds = await BulkInsert.NextIdsAsync<IntakeOrder>(db, winners.Count, ct);
        var orderIds = await BulkInsert.NextIdsAsync<Order>(db, winners.Sum(i => intakes[i].Lines.Count), ct);
        var nextOrder = 0;
        for (var w = 0; w < winners.Count; w++)
        {
            var i = winners[w];
            var intake = intakes[i];
            var merchant = merchantOf[i];
            var row = new IntakeOrder
            {
                Id = intakeIds[w], MerchantId = merchant, ShopId = intake.ShopId, ExternalId = intake.ExternalId, IdempotencyKey = intake.IdempotencyKey,
                BodyHash = intake.BodyHash, CreatedAt = c.Now, CreatedBy = actor.DisplayName,
            };
            c.Append(row);
            var created = new List<(Order, string)>();
            for (var k = 0; k < intake.Lines.Count; k++)
            {
                var line = intake.Lines[k];
                var bucket = BucketOf(i, k);
                var order = new Order
                {
                    Id = orderIds[nextOrder++], OrderNo = IntakeRules.NewOrderNo(c.Now), MerchantId = merchant, ShopId = intake.ShopId,
                    ListingId = resolved[i][k].ListingId, SkuId = bucket.SkuId, SellingAccountId = intake.AccountId, CreatorId = intake.CreatorId,
                    Channel = intake.Channel, Entrance = intake.Channel == SalesChannel.Shelf ? ShelfEntrance.ShopPage : ShelfEntrance.None,
                    Quantity = line.Quantity, AmountFen = line.UnitFen * line.Quantity, Status = OrderStatus.Paid, PaidAt = c.Now,
                    ReservedFrom = bucket.Source, IntakeId = row.Id,
                };
                c.Append(order);
                c.Append(new StockLedgerEntry
                {
                    SkuId = bucket.SkuId, MerchantId = merchant, ShopId = intake.ShopId, Kind = StockMovementKind.Reservation, ReservedDelta = line.Quantity,
                    QuotaDelta = bucket.QuotaShopId is null ? 0 : -line.Quantity, Actor = actor.DisplayName, Reference = order.OrderNo, At = c.Now,
                });
                c.Audit(new AuditSubject("Order", order.Id.ToString(), order.OrderNo),
                    after: new { externalId = intake.ExternalId, sku = line.SkuCode, quantity = line.Quantity, amountFen = order.AmountFen },
                    organisationId: merchant, shopId: intake.ShopId, via: actor.Find(Permission.OrdersFulfil, merchant, ShopTarget.Shop(intake.ShopId)));
                OrderCommands.AnnounceCreated(c, order);
                created.Add((order, line.SkuCode));
            }
            outcomes[i].Intake = row;
            outcomes[i].Created = created;
        }
        AppTelemetry.Reservations.Add(winners.Count, new KeyValuePair<string, object?>("outcome", "reserved"));
        return replays;
    }

    /// <summary>
    /// Reserves for a bucket's requests (quantities in arrival order): all of them in one conditional UPDATE when the
    /// units are there; otherwise the units left are read and granted first come, first served, in one more
    /// conditional UPDATE (repeated only if another node took units in between). Returns who got their units and,
    /// when someone did not, how many were left for them (null when the race against other nodes never settled).
    /// </summary>
    private static async Task<(bool[] Granted, int? Left)> ReserveAsync(AppDbContext db, Bucket bucket, IReadOnlyList<int> quantities, CancellationToken ct)
    {
        var granted = new bool[quantities.Count];
        if (await TryReserveAsync(db, bucket, quantities.Sum(), ct))
        {
            Array.Fill(granted, true);
            return (granted, null);
        }
        for (var round = 0; round < MaxRounds; round++)
        {
            var left = await LeftAsync(db, bucket, ct);
            var remaining = left;
            for (var n = 0; n < quantities.Count; n++)
            {
                granted[n] = quantities[n] <= remaining;
                if (granted[n]) remaining -= quantities[n];
            }
            var total = left - remaining;
            if (total == 0 || await TryReserveAsync(db, bucket, total, ct)) return (granted, remaining);
        }
        Array.Fill(granted, false);
        return (granted, null);
    }

    /// <summary>The one conditional statement: the shop's quota (then the pool's reserved and quota columns), or the shared pool.</summary>
    private static async Task<bool> TryReserveAsync(AppDbContext db, Bucket bucket, int quantity, CancellationToken ct)
    {
        if (bucket.QuotaShopId is not { } shop)
            return await db.StockItems.Where(s => s.SkuId == bucket.SkuId).WithSharedAvailableAtLeast(quantity)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Reserved, x => x.Reserved + quantity), ct) == 1;
        if (await db.ShopStockQuotas.Where(q => q.SkuId == bucket.SkuId && q.ShopId == shop && q.Remaining >= quantity)
                .ExecuteUpdateAsync(q => q.SetProperty(x => x.Remaining, x => x.Remaining - quantity), ct) == 0) return false;
        // The units were already set aside for this shop, so the pool row cannot fail its check here.
        await db.StockItems.Where(s => s.SkuId == bucket.SkuId).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.Reserved, x => x.Reserved + quantity)
            .SetProperty(x => x.QuotaAllocated, x => x.QuotaAllocated - quantity), ct);
        return true;
    }

    private static async Task<int> LeftAsync(AppDbContext db, Bucket bucket, CancellationToken ct) => bucket.QuotaShopId is { } shop
        ? await db.ShopStockQuotas.Where(q => q.SkuId == bucket.SkuId && q.ShopId == shop).Select(q => q.Remaining).FirstOrDefaultAsync(ct)
        : Math.Max(0, await db.StockItems.Where(s => s.SkuId == bucket.SkuId).Select(StockRules.SharedAvailableExpression).FirstOrDefaultAsync(ct));

    private static async Task GiveBackAsync(AppDbContext db, Bucket bucket, int quantity, CancellationToken ct)
    {
        if (bucket.QuotaShopId is { } shop)
        {
            await db.ShopStockQuotas.Where(q => q.SkuId == bucket.SkuId && q.ShopId == shop)
                .ExecuteUpdateAsync(q => q.SetProperty(x => x.Remaining, x => x.Remaining + quantity), ct);
            await db.StockItems.Where(s => s.SkuId == bucket.SkuId).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Reserved, x => x.Reserved - quantity)
                .SetProperty(x => x.QuotaAllocated, x => x.QuotaAllocated + quantity), ct);
        }
        else
            await db.StockItems.Where(s => s.SkuId == bucket.SkuId).ExecuteUpdateAsync(s => s.SetProperty(x => x.Reserved, x => x.Reserved - quantity), ct);
    }

    private static Task<string> FirstOrderNoAsync(AppDbContext db, long intakeId, CancellationToken ct) =>
        db.Orders.Where(o => o.IntakeId == intakeId).OrderBy(o => o.Id).Select(o => o.OrderNo).FirstOrDefaultAsync(ct).ContinueWith(t => t.Result ?? "—", ct);

    /// <summary>The earlier intakes a retry is answered with, and their orders as they stand now.</summary>
    private static async Task<Dictionary<long, IntakeResult>> ReplaysAsync(AppDbContext db, List<long> intakeIds, CancellationToken ct)
    {
        var heads = await db.IntakeOrders.AsNoTracking().Where(x => intakeIds.Contains(x.Id)).ToListAsync(ct);
        var lines = await (from o in db.Orders.AsNoTracking()
                           where o.IntakeId != null && intakeIds.Contains(o.IntakeId.Value)
                           join k in db.Skus on o.SkuId equals k.Id
                           orderby o.Id
                           select new { IntakeId = o.IntakeId!.Value, Line = new IntakeOrderLine(o.Id, o.OrderNo, k.Code, o.Quantity, o.AmountFen, o.Status, o.PaidAt, o.PickupDueAt) })
            .ToListAsync(ct);
        var byIntake = lines.ToLookup(l => l.IntakeId, l => l.Line);
        return heads.ToDictionary(h => h.Id, h => new IntakeResult(false, h.Id, h.ShopId, h.ExternalId, byIntake[h.Id].ToList()));
    }
}
