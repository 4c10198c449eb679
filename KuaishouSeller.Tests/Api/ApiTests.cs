using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Api;
using KuaishouSeller.Core.Auditing;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Identity;
using KuaishouSeller.Core.Organisations;
using Microsoft.AspNetCore.Identity;
using KuaishouSeller.Web.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KuaishouSeller.Tests.Api;

/// <summary>
/// The open API over real HTTP on Kestrel, on each provider: keys never wider than their creator, only a hash kept,
/// 401/403/404/400/413 as problem details, cursor paging of the stock pool, and a stock adjustment that the ledger and
/// the audit log attribute to the key.
/// </summary>
public abstract class ApiTests(ApiApp app)
{
    private const string Owner = "owner@demo.ks", Operator = "operator@demo.ks";

    [Fact]
    public async Task A_key_is_never_wider_than_its_creator()
    {
        var owner = await app.UserIdAsync(Owner);
        var organisation = await app.WorkspaceOfAsync(owner);
        var held = (await app.ActorAsync(owner)).GrantsIn(organisation).SelectMany(g => g.Permissions).Select(p => p.Code()).ToHashSet();
        var all = await app.CreateKeyAsync(owner, "everything", null);
        Assert.Equal(held.Order(), all.Permissions.Order());
        Assert.Null(all.ShopIds);

        // The operator holds the second merchant in one shop only, and without stock.adjust.
        var (op, merchant, shop, otherShop) = await LimitedOperatorAsync();
        var refused = await Assert.ThrowsAnyAsync<UserFacingException>(() => app.CreateKeyAsync(op, "all shops", ["stock.view"]));
        Assert.Equal(RefusalKind.Forbidden, refused.Kind);
        refused = await Assert.ThrowsAnyAsync<UserFacingException>(() => app.CreateKeyAsync(op, "not my shop", ["stock.view"], [otherShop]));
        Assert.Equal(RefusalKind.Forbidden, refused.Kind);
        refused = await Assert.ThrowsAnyAsync<UserFacingException>(() => app.CreateKeyAsync(op, "wider", ["stock.adjust"], [shop]));
        Assert.Equal(RefusalKind.Forbidden, refused.Kind);

        var mine = await app.CreateKeyAsync(op, "my shop", null, [shop]);
        Assert.Equal([shop], mine.ShopIds);
        var opHeld = (await app.ActorAsync(op)).GrantsIn(merchant).SelectMany(g => g.Permissions).Select(p => p.Code()).ToHashSet();
        Assert.Equal(opHeld.Order(), mine.Permissions.Order());
        Assert.DoesNotContain("stock.adjust", mine.Permissions);
    }

    [Fact]
    public async Task Only_a_hash_is_stored_and_the_key_is_shown_once()
    {
        var owner = await app.UserIdAsync(Owner);
        var created = await app.CreateKeyAsync(owner, "hash check", ["stock.view"]);
        string secret;

        await using (var db = app.Database.CreateContext())
        {
            var row = await db.ApiKeys.SingleAsync(k => k.Id == created.Id);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(created.Key))), row.SecretHash);
            // The secret follows "ks_<public id>_"; it is base64url, so it may itself hold underscores.
            secret = created.Key[$"ks_{row.PublicId}_".Length..];
            Assert.Equal(43, secret.Length);
            Assert.DoesNotContain(secret, JsonSerializer.Serialize(row));
        }
        var listed = await app.WithAsync(sp => sp.GetRequiredService<ApiKeyService>().ListAsync(owner));
        Assert.Contains(listed, k => k.Id == created.Id);
        Assert.DoesNotContain(secret, JsonSerializer.Serialize(listed));

        using var client = app.Client(created.Key);
        var response = await client.GetAsync("/api/v1/stock?limit=1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using (var db = app.Database.CreateContext())
            Assert.NotNull((await db.ApiKeys.SingleAsync(k => k.Id == created.Id)).LastUsedAt);
    }

    [Fact]
    public async Task Missing_garbage_unknown_expired_and_revoked_keys_get_401_problems()
    {
        var owner = await app.UserIdAsync(Owner);
        var good = await app.CreateKeyAsync(owner, "soon expired", ["stock.view"], days: 1);
        var revoked = await app.CreateKeyAsync(owner, "revoked", ["stock.view"]);
        await using (var db = app.Database.CreateContext())
            await db.ApiKeys.Where(k => k.Id == good.Id).ExecuteUpdateAsync(k => k.SetProperty(x => x.ExpiresAt, app.Clock.GetUtcNow().UtcDateTime.AddMinutes(-1)));
        await app.WithAsync(async sp => { await sp.GetRequiredService<ApiKeyService>().RevokeAsync(owner, revoked.Id); return 0; });
        var tampered = revoked.Key[..^1] + (revoked.Key[^1] == 'A' ? 'B' : 'A');

        foreach (var key in new string?[] { null, "garbage", "ks_000000000000_" + new string('x', 43), tampered, good.Key, revoked.Key })
        {
            using var client = app.Client(key, "en");
            var response = await client.GetAsync("/api/v1/stock");
            var problem = await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
            Assert.Equal(problem.GetProperty("en").GetString(), problem.GetProperty("detail").GetString());
            Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString());
        }

        // Chinese unless English is asked for.
        using var chinese = app.Client();
        var zh = await AssertProblemAsync(await chinese.GetAsync("/api/v1/stock"), HttpStatusCode.Unauthorized);
        Assert.Equal(zh.GetProperty("zh").GetString(), zh.GetProperty("detail").GetString());

        // The pages keep their cookie: a key opens no page.
        using var pageClient = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(app.RootUri) };
        pageClient.DefaultRequestHeaders.Authorization = new("Bearer", (await app.CreateKeyAsync(owner, "not for pages", null)).Key);
        var page = await pageClient.GetAsync("/settings");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/Account/Login", page.Headers.Location!.ToString());
    }

    [Fact]
    public async Task A_key_revoked_while_in_use_is_refused_on_its_next_call_here_and_holds_no_rights_on_a_node_that_still_trusts_it()
    {
        var owner = await app.UserIdAsync(Owner);
        var here = await app.CreateKeyAsync(owner, "revoked here", ["stock.view"]);
        var elsewhere = await app.CreateKeyAsync(owner, "revoked on another node", ["stock.view"]);
        using var hereClient = app.Client(here.Key, "en");
        using var elsewhereClient = app.Client(elsewhere.Key, "en");
        Assert.Equal(HttpStatusCode.OK, (await hereClient.GetAsync("/api/v1/stock")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await elsewhereClient.GetAsync("/api/v1/stock")).StatusCode);

        // Revoked through this node: it forgets the key it authenticated a moment ago.
        await app.WithAsync(async sp => { await sp.GetRequiredService<ApiKeyService>().RevokeAsync(owner, here.Id); return 0; });
        await AssertProblemAsync(await hereClient.GetAsync("/api/v1/stock"), HttpStatusCode.Unauthorized);

        // Revoked by another node (straight in the shared database): this node may still authenticate the key for a few
        // seconds, but the call runs with the key's rights read fresh, which are none.
        await using (var db = app.Database.CreateContext())
            await db.ApiKeys.Where(k => k.Id == elsewhere.Id).ExecuteUpdateAsync(k => k.SetProperty(x => x.RevokedAt, app.Clock.GetUtcNow().UtcDateTime));
        var response = await elsewhereClient.GetAsync("/api/v1/stock");
        Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound,
            $"a revoked key got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task A_key_stops_working_the_moment_its_creator_leaves_the_organisation()
    {
        var owner = await app.UserIdAsync(Owner);
        var organisation = await app.WorkspaceOfAsync(owner);
        var colleague = new AppUser { UserName = $"leaver-{Guid.NewGuid():N}@demo.ks", DisplayName = "离职同事" };
        colleague.Email = colleague.UserName;
        await app.WithAsync(async sp => (await sp.GetRequiredService<UserManager<AppUser>>().CreateAsync(colleague, "Leaver-2026!")).Succeeded);
        await using (var db = app.Database.CreateContext())
        {
            db.Memberships.Add(new Membership { UserId = colleague.Id, OrganisationId = organisation, RoleId = BuiltInRoles.Inventory, CreatedAt = app.Clock.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync();
        }
        var key = await app.CreateKeyAsync(colleague.Id, "leaver's key", ["stock.view"]);
        using var client = app.Client(key.Key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/stock?limit=1")).StatusCode);

        await using (var db = app.Database.CreateContext())
            await db.Memberships.Where(m => m.UserId == colleague.Id).ExecuteDeleteAsync();
        await AssertProblemAsync(await client.GetAsync("/api/v1/stock?limit=1"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Outside_its_permissions_or_shops_a_key_gets_403_and_the_refusal_is_audited()
    {
        var owner = await app.UserIdAsync(Owner);
        var catalogOnly = await app.CreateKeyAsync(owner, "catalog only " + Guid.NewGuid().ToString("N")[..6], ["catalog.view"]);
        using (var client = app.Client(catalogOnly.Key))
        {
            await AssertProblemAsync(await client.GetAsync("/api/v1/stock"), HttpStatusCode.Forbidden);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/products?limit=2")).StatusCode);
        }
        await AssertRefusalAuditedAsync(catalogOnly.Name, "stock.view");

        var (op, _, shop, otherShop) = await LimitedOperatorAsync();
        var oneShop = await app.CreateKeyAsync(op, "one shop " + Guid.NewGuid().ToString("N")[..6], ["scores.view", "stock.view"], [shop]);
        using (var client = app.Client(oneShop.Key))
        {
            await AssertProblemAsync(await client.GetAsync($"/api/v1/scores/shops/{otherShop}"), HttpStatusCode.Forbidden);
            var own = await client.GetAsync($"/api/v1/scores/shops/{shop}");
            Assert.Contains(own.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.NotFound }); // not refused; 404 only when no score was computed
        }
        await AssertRefusalAuditedAsync(oneShop.Name, "scores.view");
    }

    [Fact]
    public async Task A_foreign_id_answers_exactly_like_a_missing_one()
    {
        var owner = await app.UserIdAsync(Owner);
        var organisation = await app.WorkspaceOfAsync(owner);
        long foreignSku, foreignShop;
        await using (var db = app.Database.CreateContext())
        {
            foreignSku = await db.Skus.Where(s => s.MerchantId != organisation).Select(s => s.Id).FirstAsync();
            foreignShop = await db.Shops.Where(s => s.MerchantId != organisation).Select(s => s.Id).FirstAsync();
        }
        var key = await app.CreateKeyAsync(owner, "foreign", null);
        using var client = app.Client(key.Key);
        foreach (var (foreign, missing) in new[]
                 {
                     ($"/api/v1/stock/{foreignSku}", "/api/v1/stock/987654321"),
                     ($"/api/v1/scores/shops/{foreignShop}", "/api/v1/scores/shops/987654321"),
                     ($"/api/v1/stock/{foreignSku}/adjustments", "/api/v1/stock/987654321/adjustments"),
                 })
        {
            var post = foreign.EndsWith("adjustments");
            Task<HttpResponseMessage> Send(string path) => post ? client.PostAsync(path, Json(new { delta = 1, reason = "x" })) : client.GetAsync(path);
            var a = await AssertProblemAsync(await Send(foreign), HttpStatusCode.NotFound);
            var b = await AssertProblemAsync(await Send(missing), HttpStatusCode.NotFound);
            Assert.Equal(Without(a, "traceId"), Without(b, "traceId"));
        }
        await AssertProblemAsync(await client.GetAsync("/api/v1/no-such-thing"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_stock_list_pages_by_cursor_with_no_duplicates_and_no_gaps()
    {
        var owner = await app.UserIdAsync(Owner);
        var organisation = await app.WorkspaceOfAsync(owner);
        List<long> expected;
        await using (var db = app.Database.CreateContext())
            expected = await db.Skus.Where(s => s.MerchantId == organisation).OrderBy(s => s.Code).Select(s => s.Id).ToListAsync();
        var key = await app.CreateKeyAsync(owner, "paging", ["stock.view"]);
        using var client = app.Client(key.Key);

        var seen = new List<long>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await ReadAsync(await client.GetAsync("/api/v1/stock?limit=37" + (cursor is null ? "" : "&after=" + Uri.EscapeDataString(cursor))));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("skuId").GetInt64()));
            cursor = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetString();
            Assert.True(++pages <= expected.Count / 37 + 2, "The cursor never ends.");
        } while (cursor is not null);
        Assert.Equal(expected, seen);

        Assert.Equal("limit", (await AssertProblemAsync(await client.GetAsync("/api/v1/stock?limit=0"), HttpStatusCode.BadRequest)).GetProperty("field").GetString());
        Assert.Equal("limit", (await AssertProblemAsync(await client.GetAsync("/api/v1/stock?limit=abc"), HttpStatusCode.BadRequest)).GetProperty("field").GetString());
        Assert.Equal("after", (await AssertProblemAsync(await client.GetAsync("/api/v1/stock?after=%21%21"), HttpStatusCode.BadRequest)).GetProperty("field").GetString());
    }

    [Fact]
    public async Task Adjusting_stock_through_the_API_is_in_the_ledger_and_the_audit_log_as_the_key()
    {
        var owner = await app.UserIdAsync(Owner);
        var organisation = await app.WorkspaceOfAsync(owner);
        long skuId;
        int onHand, ledgerRows;
        string ownerName;
        await using (var db = app.Database.CreateContext())
        {
            skuId = await db.StockItems.Where(s => s.MerchantId == organisation).OrderByDescending(s => s.SkuId).Select(s => s.SkuId).FirstAsync();
            onHand = await db.StockItems.Where(s => s.SkuId == skuId).Select(s => s.OnHand).SingleAsync();
            ledgerRows = await db.StockLedger.CountAsync(l => l.SkuId == skuId);
            ownerName = await db.Users.Where(u => u.Id == owner).Select(u => u.DisplayName).SingleAsync();
        }
        var key = await app.CreateKeyAsync(owner, "erp sync " + app.Database.Provider, ["stock.view", "stock.adjust"]);
        using var client = app.Client(key.Key);

        // Bad bodies change nothing and name the field.
        Assert.Equal("delta", (await AssertProblemAsync(await client.PostAsync($"/api/v1/stock/{skuId}/adjustments", Raw("""{"delta":"x","reason":"r"}""")), HttpStatusCode.BadRequest)).GetProperty("field").GetString());
        Assert.Equal("delta", (await AssertProblemAsync(await client.PostAsync($"/api/v1/stock/{skuId}/adjustments", Json(new { reason = "r" })), HttpStatusCode.BadRequest)).GetProperty("field").GetString());
        Assert.Equal("reason", (await AssertProblemAsync(await client.PostAsync($"/api/v1/stock/{skuId}/adjustments", Json(new { delta = 1 })), HttpStatusCode.BadRequest)).GetProperty("field").GetString());
        await AssertProblemAsync(await client.PostAsync($"/api/v1/stock/{skuId}/adjustments", Raw("not json")), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await client.PostAsync($"/api/v1/stock/{skuId}/adjustments", Raw($$"""{"delta":1,"reason":"{{new string('x', 100_000)}}"}""")), HttpStatusCode.RequestEntityTooLarge);
        await AssertProblemAsync(await client.PostAsync($"/api/v1/stock/{skuId}/adjustments", Json(new { delta = -(onHand + 1_000_000), reason = "too much" })), HttpStatusCode.BadRequest);
        await using (var db = app.Database.CreateContext())
            Assert.Equal(ledgerRows, await db.StockLedger.CountAsync(l => l.SkuId == skuId));

        var adjusted = await ReadAsync(await client.PostAsync($"/api/v1/stock/{skuId}/adjustments", Json(new { delta = 3, reason = "API 盘点" })));
        Assert.Equal(onHand + 3, adjusted.GetProperty("onHand").GetInt32());

        var actorName = ApiKeyRules.ActorName(key.Name, ownerName);
        long entryId;
        await using (var db = app.Database.CreateContext())
        {
            var entry = await db.StockLedger.Where(l => l.SkuId == skuId).OrderByDescending(l => l.Id).FirstAsync();
            (entryId, _) = (entry.Id, 0);
            Assert.Equal(actorName, entry.Actor);
            Assert.Equal(3, entry.OnHandDelta);
            var audit = await db.AuditLog.Where(a => a.Action == AuditActions.StockAdjusted && a.EntityId == skuId.ToString()).OrderByDescending(a => a.Id).FirstAsync();
            Assert.Equal(actorName, audit.ActorName);
            Assert.Equal(owner, audit.ActorUserId);
        }

        var changes = await ReadAsync(await client.GetAsync("/api/v1/stock/changes?since=" + ApiPaging.Encode((entryId - 1).ToString())));
        var changed = changes.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("skuId").GetInt64() == skuId);
        Assert.Equal(onHand + 3, changed.GetProperty("onHand").GetInt32());
        Assert.Equal(onHand + 3, (await ReadAsync(await client.GetAsync($"/api/v1/stock/{skuId}"))).GetProperty("onHand").GetInt32());
    }

    /// <summary>operator@demo.ks in the merchant where they hold one shop only, made their workspace: (user, merchant, their shop, another shop).</summary>
    private async Task<(string User, long Merchant, long Shop, long OtherShop)> LimitedOperatorAsync()
    {
        var op = await app.UserIdAsync(Operator);
        var grant = (await app.ActorAsync(op)).Grants.First(g => g.ShopIds is { Count: 1 });
        await app.SwitchAsync(op, grant.OrganisationId);
        var shop = grant.ShopIds!.Single();
        await using var db = app.Database.CreateContext();
        var other = await db.Shops.Where(s => s.MerchantId == grant.OrganisationId && s.Id != shop).Select(s => s.Id).FirstAsync();
        return (op, grant.OrganisationId, shop, other);
    }

    private async Task AssertRefusalAuditedAsync(string keyName, string permission)
    {
        await using var db = app.Database.CreateContext();
        var refusals = await db.AuditLog.Where(a => a.Action == AuditActions.AccessDenied && a.EntityId == permission).ToListAsync();
        Assert.Contains(refusals, a => a.ActorName.StartsWith($"api-key:{keyName} for ", StringComparison.Ordinal));
    }

    internal static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
    internal static StringContent Raw(string body) => new(body, Encoding.UTF8, "application/json");

    internal static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>RFC 9457 problem details with a bilingual detail and no trace of the server's internals.</summary>
    internal static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("Exception", body);
        Assert.DoesNotContain("at KuaishouSeller", body);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.StartsWith("https://", problem.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("zh").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("en").GetString()));
        return problem;
    }

    private static string Without(JsonElement problem, string property) =>
        JsonSerializer.Serialize(problem.EnumerateObject().Where(p => p.Name != property).ToDictionary(p => p.Name, p => p.Value));
}

[Collection(SqliteApiCollection.Name)]
public sealed class SqliteApiTests(SqliteApiApp app) : ApiTests(app);

[Collection(PostgresApiCollection.Name)]
public sealed class PostgresApiTests(PostgresApiApp app) : ApiTests(app);
