using System.Net;
using System.Text.Json;
using KuaishouSeller.Core.Auditing;
using KuaishouSeller.Core.Inventory;
using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Organisations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static KuaishouSeller.Tests.Api.ApiTests;

namespace KuaishouSeller.Tests.Api;

/// <summary>
/// Orders, carrier events and after-sales through the open API over real HTTP on Kestrel, on each provider: an order
/// handed in reserves its stock or is refused with what is left, exactly once however often and however concurrently
/// it is retried, and a flash sale of one SKU never sells more than there is.
/// </summary>
public abstract class OrderApiTests(ApiApp app)
{
    private const string Owner = "owner@demo.ks";

    /// <summary>A SKU of the owner's merchant listed in a shop without a quota for it, set to exactly <paramref name="available"/> units to sell.</summary>
    private async Task<(long Merchant, long Shop, long Sku, string Code)> SkuWithAsync(int offset, int available)
    {
        var owner = await app.UserIdAsync(Owner);
        var merchant = await app.WorkspaceOfAsync(owner);
        await using var db = app.Database.CreateContext();
        var candidates = await (from l in db.Listings
                                join s in db.Shops on l.ShopId equals s.Id
                                join st in db.StockItems on l.SkuId equals st.SkuId
                                join k in db.Skus on l.SkuId equals k.Id
                                where s.MerchantId == merchant && st.QuotaAllocated == 0 && !db.ShopStockQuotas.Any(q => q.SkuId == l.SkuId)
                                orderby l.SkuId, l.ShopId
                                select new { l.ShopId, l.SkuId, k.Code }).ToListAsync();
        // One SKU per test (by its offset among the SKUs), so tests sharing the world never touch each other's stock.
        var pick = candidates.GroupBy(c => c.SkuId).Skip(offset).First().First();
        var item = await db.StockItems.AsNoTracking().SingleAsync(s => s.SkuId == pick.SkuId);
        var delta = available - item.SharedAvailable;
        if (delta != 0)
            await app.WithAsync(async sp => { await sp.GetRequiredService<StockService>().AdjustAsync(owner, pick.SkuId, delta, "API test stock"); return 0; });
        return (merchant, pick.ShopId, pick.SkuId, pick.Code);
    }

    private static object Body(long shop, string externalId, string code, int quantity = 1, decimal price = 19.9m) =>
        new { shopId = shop, externalId, items = new[] { new { skuCode = code, quantity, unitPrice = price } } };

    private static HttpRequestMessage Post(string path, object body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(body) };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return request;
    }

    private async Task<string> KeyAsync(string name, IReadOnlyCollection<string>? permissions = null) =>
        (await app.CreateKeyAsync(await app.UserIdAsync(Owner), $"{name} {Guid.NewGuid():N}", permissions)).Key;

    private async Task<(int Reserved, int LedgerReserved, int OnHand, int LedgerOnHand)> StockOfAsync(long sku)
    {
        await using var db = app.Database.CreateContext();
        var item = await db.StockItems.AsNoTracking().SingleAsync(s => s.SkuId == sku);
        var ledger = await db.StockLedger.Where(l => l.SkuId == sku).GroupBy(l => l.SkuId)
            .Select(g => new { Reserved = g.Sum(l => l.ReservedDelta), OnHand = g.Sum(l => l.OnHandDelta) }).SingleAsync();
        return (item.Reserved, ledger.Reserved, item.OnHand, ledger.OnHand);
    }

    [Fact]
    public async Task An_order_handed_in_is_reserved_shown_listed_shipped_scanned_and_taken_to_after_sales()
    {
        var (_, shop, sku, code) = await SkuWithAsync(offset: 0, available: 20);
        var before = await StockOfAsync(sku);
        using var client = app.Client(await KeyAsync("order flow"));

        var response = await client.SendAsync(Post("/api/v1/orders", Body(shop, "live-" + Guid.NewGuid().ToString("N"), code, 3, 25.5m), "flow-" + Guid.NewGuid()));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await ReadAsync(response);
        var id = created.GetProperty("id").GetInt64();
        Assert.Equal($"/api/v1/orders/{id}", response.Headers.Location!.ToString());
        Assert.Equal("paid", created.GetProperty("state").GetString());
        Assert.StartsWith("KA", created.GetProperty("orderNo").GetString());
        var after = await StockOfAsync(sku);
        Assert.Equal(before.Reserved + 3, after.Reserved);
        Assert.Equal(after.Reserved, after.LedgerReserved);

        var order = await ReadAsync(await client.GetAsync($"/api/v1/orders/{id}"));
        Assert.Equal(2550 * 3, order.GetProperty("amountFen").GetInt64());
        Assert.Equal(order.GetProperty("paidAt").GetDateTime().AddHours(48), order.GetProperty("pickupDueAt").GetDateTime());
        Assert.Equal(code, order.GetProperty("skuCode").GetString());

        // The newest paid order of the shop's to-ship list, read a page of one at a time.
        var first = await ReadAsync(await client.GetAsync($"/api/v1/orders?shopId={shop}&state=toShip&limit=1"));
        Assert.Equal(id, first.GetProperty("items")[0].GetProperty("id").GetInt64());
        var next = first.GetProperty("next").GetString()!;
        var second = await ReadAsync(await client.GetAsync($"/api/v1/orders?shopId={shop}&state=toShip&limit=1&after={Uri.EscapeDataString(next)}"));
        Assert.NotEqual(id, second.GetProperty("items")[0].GetProperty("id").GetInt64());
        Assert.Equal("state", (await AssertProblemAsync(await client.GetAsync("/api/v1/orders?state=lost"), HttpStatusCode.BadRequest)).GetProperty("field").GetString());

        var waybill = "73" + Random.Shared.NextInt64(1_000_000_000, 9_999_999_999);
        Assert.Equal("carrier", (await AssertProblemAsync(await client.PostAsync($"/api/v1/orders/{id}/shipment", Json(new { carrier = "pigeon", waybill })),
            HttpStatusCode.BadRequest)).GetProperty("field").GetString());
        var shipped = await ReadAsync(await client.PostAsync($"/api/v1/orders/{id}/shipment", Json(new { carrier = "ZTO", waybill })));
        Assert.Equal("shipped", shipped.GetProperty("state").GetString());
        await AssertProblemAsync(await client.PostAsync($"/api/v1/orders/{id}/shipment", Json(new { carrier = "ZTO", waybill })), HttpStatusCode.Conflict);
        await AssertProblemAsync(await client.PostAsync($"/api/v1/orders/{id}/cancellation", Json(new { reason = "too late" })), HttpStatusCode.Conflict);
        var shippedStock = await StockOfAsync(sku);
        Assert.Equal((before.Reserved, before.OnHand - 3), (shippedStock.Reserved, shippedStock.OnHand));
        Assert.Equal((shippedStock.Reserved, shippedStock.OnHand), (shippedStock.LedgerReserved, shippedStock.LedgerOnHand));

        // Delivered before it was picked up is refused; then the scans in order, a repeated one changing nothing.
        await AssertProblemAsync(await client.PostAsync("/api/v1/carrier-events", Json(new { carrier = "ZTO", waybill, kind = "delivered" })), HttpStatusCode.Conflict);
        var picked = await ReadAsync(await client.PostAsync("/api/v1/carrier-events", Json(new { carrier = "ZTO", waybill, kind = "pickedUp" })));
        Assert.Equal(("recorded", "pickedUp"), (picked.GetProperty("result").GetString(), picked.GetProperty("state").GetString()));
        var again = await ReadAsync(await client.PostAsync("/api/v1/carrier-events", Json(new { carrier = "ZTO", waybill, kind = "pickedUp" })));
        Assert.Equal("alreadyRecorded", again.GetProperty("result").GetString());
        var delivered = await ReadAsync(await client.PostAsync("/api/v1/carrier-events", Json(new { carrier = "ZTO", waybill, kind = "delivered" })));
        Assert.Equal("delivered", delivered.GetProperty("state").GetString());
        await AssertProblemAsync(await client.PostAsync("/api/v1/carrier-events", Json(new { carrier = "ZTO", waybill = "739999999999", kind = "delivered" })),
            HttpStatusCode.NotFound);

        var requested = await client.PostAsync("/api/v1/after-sales", Json(new { orderId = id, kind = "refundOnly", reason = "qualityProblem", amountFen = 1000 }));
        Assert.Equal(HttpStatusCode.Created, requested.StatusCode);
        var afterSale = (await ReadAsync(requested)).GetProperty("id").GetInt64();
        var open = await ReadAsync(await client.GetAsync($"/api/v1/after-sales?stage=toAnswer&shopId={shop}&limit=200"));
        Assert.Contains(open.GetProperty("items").EnumerateArray(), r => r.GetProperty("id").GetInt64() == afterSale);
        Assert.Equal("reason", (await AssertProblemAsync(await client.PostAsync($"/api/v1/after-sales/{afterSale}/decision", Json(new { action = "reject" })),
            HttpStatusCode.BadRequest)).GetProperty("field").GetString());
        var accepted = await ReadAsync(await client.PostAsync($"/api/v1/after-sales/{afterSale}/decision", Json(new { action = "accept" })));
        Assert.Equal("approved", accepted.GetProperty("state").GetString());
        await AssertProblemAsync(await client.PostAsync($"/api/v1/after-sales/{afterSale}/decision", Json(new { action = "accept" })), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Cancelling_an_order_gives_its_units_back()
    {
        var (_, shop, sku, code) = await SkuWithAsync(offset: 1, available: 5);
        using var client = app.Client(await KeyAsync("cancel"));
        var created = await ReadAsync(await client.SendAsync(Post("/api/v1/orders", Body(shop, "c-" + Guid.NewGuid().ToString("N"), code, 5))));
        var id = created.GetProperty("id").GetInt64();
        var sixth = await AssertProblemAsync(await client.SendAsync(Post("/api/v1/orders", Body(shop, "c-" + Guid.NewGuid().ToString("N"), code, 1))), HttpStatusCode.Conflict);
        Assert.Contains(code, sixth.GetProperty("en").GetString());
        var sold = await ReadAsync(await client.GetAsync($"/api/v1/orders/{id}"));
        Assert.Equal("paid", sold.GetProperty("state").GetString());

        var cancelled = await ReadAsync(await client.PostAsync($"/api/v1/orders/{id}/cancellation", Json(new { reason = "buyer changed their mind" })));
        Assert.Equal("cancelled", cancelled.GetProperty("state").GetString());
        var stock = await StockOfAsync(sku);
        Assert.Equal(stock.Reserved, stock.LedgerReserved);
        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(Post("/api/v1/orders", Body(shop, "c-" + Guid.NewGuid().ToString("N"), code, 5)))).StatusCode);
    }

    [Fact]
    public async Task Bad_orders_name_their_field_change_nothing_and_foreign_shops_look_missing()
    {
        var (merchant, shop, sku, code) = await SkuWithAsync(offset: 2, available: 10);
        var before = await StockOfAsync(sku);
        using var client = app.Client(await KeyAsync("bad input"), "en");

        async Task<string?> FieldOf(object body) =>
            (await AssertProblemAsync(await client.SendAsync(Post("/api/v1/orders", body)), HttpStatusCode.BadRequest)).TryGetProperty("field", out var f) ? f.GetString() : null;
        Assert.Equal("shopId", await FieldOf(new { externalId = "x", items = new[] { new { skuCode = code, quantity = 1, unitPrice = 1 } } }));
        Assert.Equal("externalId", await FieldOf(new { shopId = shop, items = new[] { new { skuCode = code, quantity = 1, unitPrice = 1 } } }));
        Assert.Equal("items", await FieldOf(new { shopId = shop, externalId = "x", items = Array.Empty<object>() }));
        Assert.Equal("items[0].quantity", await FieldOf(Body(shop, "x", code, 0)));
        Assert.Equal("items[0].unitPrice", await FieldOf(Body(shop, "x", code, 1, -1)));
        Assert.Equal("items[0].skuCode", await FieldOf(Body(shop, "x", "NO-SUCH-SKU")));
        Assert.Equal("channel", await FieldOf(new { shopId = shop, externalId = "x", channel = "tv", items = new[] { new { skuCode = code, quantity = 1, unitPrice = 1 } } }));
        var malformed = await client.PostAsync("/api/v1/orders", Raw($$"""{"shopId":{{shop}},"externalId":"x","items":[{"skuCode":"{{code}}","quantity":"many","unitPrice":1}]}"""));
        Assert.Equal("items[0].quantity", (await AssertProblemAsync(malformed, HttpStatusCode.BadRequest)).GetProperty("field").GetString());
        await AssertProblemAsync(await client.PostAsync("/api/v1/orders", Raw("{not json")), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await client.PostAsync("/api/v1/orders", Raw($$"""{"shopId":{{shop}},"externalId":"{{new string('x', 100_000)}}","items":[]}""")),
            HttpStatusCode.RequestEntityTooLarge);

        long foreignShop;
        await using (var db = app.Database.CreateContext())
            foreignShop = await db.Shops.Where(s => s.MerchantId != merchant).Select(s => s.Id).FirstAsync();
        var foreign = await AssertProblemAsync(await client.SendAsync(Post("/api/v1/orders", Body(foreignShop, "x", code))), HttpStatusCode.NotFound);
        var missing = await AssertProblemAsync(await client.SendAsync(Post("/api/v1/orders", Body(987654321, "x", code))), HttpStatusCode.NotFound);
        Assert.Equal(foreign.GetProperty("detail").GetString(), missing.GetProperty("detail").GetString());
        await AssertProblemAsync(await client.GetAsync("/api/v1/orders/987654321"), HttpStatusCode.NotFound);

        // A key without orders.fulfil is refused, and the refusal is in the audit log.
        var viewer = await KeyAsync("viewer", ["orders.view"]);
        using (var view = app.Client(viewer))
        {
            await AssertProblemAsync(await view.SendAsync(Post("/api/v1/orders", Body(shop, "x", code))), HttpStatusCode.Forbidden);
            await AssertProblemAsync(await view.PostAsync("/api/v1/orders/1/cancellation", Json(new { reason = "x" })), HttpStatusCode.Forbidden);
        }
        await using (var db = app.Database.CreateContext())
            Assert.True(await db.AuditLog.AnyAsync(a => a.Action == AuditActions.AccessDenied && a.EntityId == "orders.fulfil" && a.ShopId == shop));
        Assert.Equal(before, await StockOfAsync(sku));
    }

    [Fact]
    public async Task Thirty_two_concurrent_retries_of_one_key_make_one_order_and_one_reservation()
    {
        var (_, shop, sku, code) = await SkuWithAsync(offset: 3, available: 50);
        var before = await StockOfAsync(sku);
        var key = "retry-" + Guid.NewGuid();
        var externalId = "ext-" + Guid.NewGuid().ToString("N");
        using var client = app.Client(await KeyAsync("retries"));

        var responses = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => client.SendAsync(Post("/api/v1/orders", Body(shop, externalId, code, 2), key)))));
        var bodies = await Task.WhenAll(responses.Select(ReadAsync));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.OK }));
        var id = Assert.Single(bodies.Select(b => b.GetProperty("id").GetInt64()).Distinct());
        var orderNo = bodies[0].GetProperty("orderNo").GetString();
        await using (var db = app.Database.CreateContext())
        {
            var intake = await db.Orders.Where(o => o.Id == id).Select(o => o.IntakeId).SingleAsync();
            Assert.Equal(1, await db.Orders.CountAsync(o => o.IntakeId == intake));
            Assert.Equal(1, await db.StockLedger.CountAsync(l => l.Reference == orderNo && l.Kind == StockMovementKind.Reservation));
        }
        var after = await StockOfAsync(sku);
        Assert.Equal(before.Reserved + 2, after.Reserved);
        Assert.Equal(after.Reserved, after.LedgerReserved);

        // The same key with another body is 422; the same external id again is the same order, or 409 with other contents.
        using var other = app.Client(await KeyAsync("retries 2"));
        var reused = await AssertProblemAsync(await other.SendAsync(Post("/api/v1/orders", Body(shop, externalId, code, 3), key)), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("Idempotency-Key", reused.GetProperty("en").GetString());
        var sameExternal = await other.SendAsync(Post("/api/v1/orders", Body(shop, externalId, code, 2), "another-" + Guid.NewGuid()));
        Assert.Equal(HttpStatusCode.OK, sameExternal.StatusCode);
        Assert.Equal(id, (await ReadAsync(sameExternal)).GetProperty("id").GetInt64());
        await AssertProblemAsync(await other.SendAsync(Post("/api/v1/orders", Body(shop, externalId, code, 1))), HttpStatusCode.Conflict);
        Assert.Equal(after, await StockOfAsync(sku));
    }

    [Fact]
    public async Task A_flash_sale_of_one_sku_accepts_exactly_the_units_there_are_and_refuses_the_rest_with_409()
    {
        const int units = 12, buyers = 36;
        var (_, shop, sku, code) = await SkuWithAsync(offset: 4, available: units);
        var before = await StockOfAsync(sku);
        // Three live rooms' integrations, each with its own key (and its own rate limit).
        var clients = new[] { app.Client(await KeyAsync("live room 1")), app.Client(await KeyAsync("live room 2")), app.Client(await KeyAsync("live room 3")) };
        var responses = await Task.WhenAll(Enumerable.Range(0, buyers).Select(i => Task.Run(() =>
            clients[i % clients.Length].SendAsync(Post("/api/v1/orders", Body(shop, $"flash-{Guid.NewGuid():N}", code), $"flash-{Guid.NewGuid()}")))));
        Assert.Equal(units, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        var refused = responses.Where(r => r.StatusCode != HttpStatusCode.Created).ToList();
        Assert.Equal(buyers - units, refused.Count);
        foreach (var r in refused)
            Assert.Contains("0", (await AssertProblemAsync(r, HttpStatusCode.Conflict)).GetProperty("en").GetString());

        var after = await StockOfAsync(sku);
        Assert.Equal(before.Reserved + units, after.Reserved);
        Assert.Equal((after.Reserved, after.OnHand), (after.LedgerReserved, after.LedgerOnHand));
        await using var db = app.Database.CreateContext();
        var item = await db.StockItems.AsNoTracking().SingleAsync(s => s.SkuId == sku);
        Assert.Equal(0, item.SharedAvailable);
        foreach (var c in clients) c.Dispose();
    }
}

[Collection(SqliteApiCollection.Name)]
public sealed class SqliteOrderApiTests(SqliteApiApp app) : OrderApiTests(app);

[Collection(PostgresApiCollection.Name)]
public sealed class PostgresOrderApiTests(PostgresApiApp app) : OrderApiTests(app);
