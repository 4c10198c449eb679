using System.Text;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Inventory;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Transfer;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Tests.Transfer;

/// <summary>Bulk import and export: previews with per-row problems, all-or-nothing apply, encodings and formats.</summary>
public sealed class ImportTests
{
    static ImportTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
    private static byte[] Gbk(string text) => Encoding.GetEncoding("GBK").GetBytes(text);

    /// <summary>The first <paramref name="count"/> SKUs of the merchant without quotas, with their stock.</summary>
    private static async Task<List<(long Id, string Code, StockItem Stock)>> SkusAsync(SeededWorld world, int count)
    {
        await using var db = world.Db();
        var rows = await (from s in db.Skus.Where(s => s.MerchantId == world.Merchant)
                          join i in db.StockItems on s.Id equals i.SkuId
                          where i.QuotaAllocated == 0
                          orderby s.Code
                          select new { s.Id, s.Code, Stock = i }).Take(count).ToListAsync();
        return rows.Select(r => (r.Id, r.Code, r.Stock)).ToList();
    }

    private static async Task<StockItem> StockAsync(SeededWorld world, long sku)
    {
        await using var db = world.Db();
        return await db.StockItems.SingleAsync(s => s.SkuId == sku);
    }

    [Fact]
    public async Task The_preview_lists_every_change_the_apply_makes_thresholds_included_in_the_readers_language()
    {
        await using var world = await SeededWorld.CreateAsync(DatabaseProvider.Sqlite);
        var skus = await SkusAsync(world, 2);
        var (a, b) = (skus[0], skus[1]);
        // a: only its threshold changes; b: its count and its threshold change.
        var newThreshold = a.Stock.LowStockThreshold + 3;
        var csv = $"SKU编码,数量,预警阈值\r\n{a.Code},{a.Stock.OnHand},{newThreshold}\r\n{b.Code},{b.Stock.OnHand + 5},{b.Stock.LowStockThreshold + 1}\r\n";

        var plan = await world.Services.Imports.PreviewAsync(world.Owner, ImportKind.Stock, StockImportMode.SetOnHand, Utf8(csv), "stock.csv");
        Assert.Empty(plan.Issues);
        Assert.Equal(2, plan.Updates);
        Assert.Equal(
            [(a.Code, "Low-stock threshold", a.Stock.LowStockThreshold.ToString(), newThreshold.ToString()),
             (b.Code, "On hand", b.Stock.OnHand.ToString(), (b.Stock.OnHand + 5).ToString()),
             (b.Code, "Low-stock threshold", b.Stock.LowStockThreshold.ToString(), (b.Stock.LowStockThreshold + 1).ToString())],
            plan.Preview.Select(p => (p.SkuCode, p.Field.En, p.Before, p.After)).ToList());
        // One language at a time: the Chinese name carries no English.
        Assert.All(plan.Preview, p => Assert.DoesNotMatch("[A-Za-z]", p.Field.Zh));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_stocktake_in_a_gbk_csv_sets_on_hand_writes_the_ledger_and_is_audited(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var skus = await SkusAsync(world, 3);
        var (a, b, c) = (skus[0], skus[1], skus[2]);
        var target = a.Stock.Reserved + 7;
        // A sheet saved by a Chinese spreadsheet tool: GBK, Chinese headers, an unchanged row and an extra column.
        var csv = $"SKU编码,数量,预警阈值,原因,备注\r\n{a.Code},{target},5,月末盘点,x\r\n{b.Code},{b.Stock.OnHand},,,\r\n{c.Code},{c.Stock.OnHand + 40},,到货,\r\n";

        var plan = await world.Services.Imports.PreviewAsync(world.Owner, ImportKind.Stock, StockImportMode.SetOnHand, Gbk(csv), "盘点.csv");
        Assert.Equal("GBK", plan.Encoding);
        Assert.Empty(plan.Issues);
        Assert.Equal((3, 2, 1), (plan.RowCount, plan.Updates, plan.Unchanged));
        var result = await world.Services.Imports.ApplyAsync(world.Owner, plan);
        Assert.True(result.Applied);

        var stockA = await StockAsync(world, a.Id);
        Assert.Equal((target, 5), (stockA.OnHand, stockA.LowStockThreshold));
        Assert.Equal(c.Stock.OnHand + 40, (await StockAsync(world, c.Id)).OnHand);
        await using var db = world.Db();
        var ledger = await db.StockLedger.Where(l => l.SkuId == a.Id || l.SkuId == b.Id || l.SkuId == c.Id).Where(l => l.Reference!.StartsWith("import:"))
            .OrderBy(l => l.SkuId).Select(l => new { l.SkuId, l.OnHandDelta, l.Reason, l.Kind }).ToListAsync();
        Assert.Equal(2, ledger.Count); // the unchanged row writes nothing
        Assert.Equal(target - a.Stock.OnHand, ledger.Single(l => l.SkuId == a.Id).OnHandDelta);
        Assert.Equal("月末盘点", ledger.Single(l => l.SkuId == a.Id).Reason);
        Assert.All(ledger, l => Assert.Equal(StockMovementKind.Stocktake, l.Kind)); // a count is a stocktake, whichever way it moved on-hand
        Assert.Empty(await world.Services.Stock.LedgerMismatchesAsync(world.Merchant));
        Assert.True(await db.AuditLog.AnyAsync(e => e.Action == "import.stock" && e.EntityId == "盘点.csv"));
        Assert.Equal(0, await db.ImportStagingRows.CountAsync());

        await Assert.ThrowsAsync<DomainException>(() => world.Services.Imports.ApplyAsync(world.Owner, plan)); // not twice
    }

    [Fact]
    public async Task Every_bad_row_is_reported_with_its_line_and_nothing_is_applied()
    {
        await using var world = await SeededWorld.CreateAsync(DatabaseProvider.Sqlite);
        var skus = await SkusAsync(world, 4);
        var csv = "sku_code,quantity\n" +
                  $"{skus[0].Code},-5\n" +              // row 2: negative
                  $"{skus[1].Code},abc\n" +             // row 3: not a number
                  "NO-SUCH-SKU,3\n" +                   // row 4: unknown code
                  $"{skus[2].Code},10\n" +              // row 5: fine
                  $"{skus[2].Code},11\n" +              // row 6: duplicate of row 5
                  $"{skus[3].Code},2.5\n";              // row 7: not whole
        var plan = await world.Services.Imports.PreviewAsync(world.Owner, ImportKind.Stock, StockImportMode.AddReceived, Utf8(csv), "bad.csv");

        Assert.False(plan.CanApply);
        Assert.Equal([2, 3, 4, 6, 7], plan.Issues.Select(i => i.Row));
        Assert.Contains("负数", plan.Issues[0].Message.Zh);
        Assert.Contains("\"abc\" is not a number", plan.Issues[1].Message.En);
        Assert.Contains("NO-SUCH-SKU", plan.Issues[2].Message.Zh);
        Assert.Contains("row 5", plan.Issues[3].Message.En);
        Assert.Contains("整数", plan.Issues[4].Message.Zh);
        await Assert.ThrowsAsync<DomainException>(() => world.Services.Imports.ApplyAsync(world.Owner, plan));
        Assert.Equal(skus[2].Stock.OnHand, (await StockAsync(world, skus[2].Id)).OnHand);
    }

    public static TheoryData<string, byte[], string> NotSpreadsheets => new()
    {
        { "photo.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D], "not supported" },
        { "photo.csv", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D], "binary" },
        { "stock.xlsx", Encoding.UTF8.GetBytes("sku_code,quantity\nA,1\n"), "not a spreadsheet" },
        { "old.xls", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0], ".xls" },
        { "broken.xlsx", [(byte)'P', (byte)'K', 3, 4, 1, 2, 3, 4, 5, 6, 7, 8], "not a valid Excel" },
        { "empty.csv", [], "empty" },
        { "report.pdf", Encoding.ASCII.GetBytes("%PDF-1.7"), "not supported" },
        { "wrong.csv", Encoding.UTF8.GetBytes("name,price\nA,1\n"), "Missing columns" },
    };

    [Theory]
    [MemberData(nameof(NotSpreadsheets))]
    public async Task A_file_that_is_not_a_usable_spreadsheet_is_refused_with_a_clear_message(string fileName, byte[] content, string expected)
    {
        await using var world = await SeededWorld.CreateAsync(DatabaseProvider.Sqlite);
        var plan = await world.Services.Imports.PreviewAsync(world.Owner, ImportKind.Stock, StockImportMode.SetOnHand, content, fileName);
        var issue = Assert.Single(plan.Issues);
        Assert.Contains(expected, issue.Message.En);
        Assert.False(string.IsNullOrWhiteSpace(issue.Message.Zh));
        Assert.False(plan.CanApply);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Orders_placed_between_preview_and_apply_are_respected_all_or_nothing(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var skus = await SkusAsync(world, 2);
        var (a, b) = (skus[0], skus[1]);
        var csv = $"sku_code,quantity\n{a.Code},{a.Stock.OnHand + 100}\n{b.Code},{b.Stock.Reserved + 2}\n";
        var plan = await world.Services.Imports.PreviewAsync(world.Owner, ImportKind.Stock, StockImportMode.SetOnHand, Utf8(csv), "count.csv");
        Assert.True(plan.CanApply);

        // Three units of b are ordered after the preview: the counted quantity no longer covers them.
        Assert.Equal(ReservationOutcome.Reserved, await world.Services.Stock.ReserveAsync(world.Shops[1], b.Id, 3, "late-order"));
        var result = await world.Services.Imports.ApplyAsync(world.Owner, plan);

        Assert.False(result.Applied);
        Assert.Equal(3, Assert.Single(result.Issues).Row);
        Assert.Equal(a.Stock.OnHand, (await StockAsync(world, a.Id)).OnHand); // row 2 was fine but nothing is half-applied
        await using var db = world.Db();
        Assert.False(await db.StockLedger.AnyAsync(l => l.Reference!.StartsWith("import:")));
        Assert.Equal(0, await db.ImportStagingRows.CountAsync());
        Assert.Empty(await world.Services.Stock.LedgerMismatchesAsync(world.Merchant));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Catalog_round_trips_through_excel_and_a_new_sku_joins_the_pool(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        using var exported = new MemoryStream();
        var fileName = await world.Services.Exports.ExportAsync(world.Owner, ImportKind.Catalog, SheetFormat.Xlsx, exported);
        Assert.EndsWith(".xlsx", fileName);

        // Importing an untouched export changes nothing.
        var same = await world.Services.Imports.PreviewAsync(world.Owner, ImportKind.Catalog, StockImportMode.SetOnHand, exported.ToArray(), fileName);
        await using var db = world.Db();
        var skuCount = await db.Skus.CountAsync(s => s.MerchantId == world.Merchant);
        Assert.Empty(same.Issues);
        Assert.Equal((skuCount, 0, 0, skuCount), (same.RowCount, same.Creates, same.Updates, same.Unchanged));

        var existing = await db.Skus.Where(s => s.MerchantId == world.Merchant).OrderBy(s => s.Code).FirstAsync();
        var spu = await db.Spus.SingleAsync(p => p.Id == existing.SpuId);
        var category = await db.Categories.FirstAsync(c => c.Id == spu.CategoryId);
        var csv = "商品编码,商品名称,类目,SKU编码,规格,售价,成本价,图片链接\n" +
                  $"{spu.Code},{spu.Title},{category.Code},{existing.Code},{existing.Attributes},199.00,{existing.CostFen / 100m},https://img.example.cn/new.jpg\n" +
                  $"NEW-SPU-1,\"新品, 礼盒装\",{category.NameZh},NEW-SKU-1,颜色:红,88.8,40,\n";
        var plan = await world.Services.Imports.PreviewAsync(world.Owner, ImportKind.Catalog, StockImportMode.SetOnHand, Utf8(csv), "catalog.csv");
        Assert.Empty(plan.Issues);
        Assert.Equal((1, 1), (plan.Creates, plan.Updates));
        Assert.True((await world.Services.Imports.ApplyAsync(world.Owner, plan)).Applied);

        await using var check = world.Db();
        var updated = await check.Skus.SingleAsync(s => s.Id == existing.Id);
        Assert.Equal((19900L, "https://img.example.cn/new.jpg"), (updated.ListPriceFen, updated.ImageUrl));
        var created = await check.Skus.SingleAsync(s => s.Code == "NEW-SKU-1");
        Assert.Equal(8880, created.ListPriceFen);
        Assert.Equal("新品, 礼盒装", await check.Spus.Where(p => p.Id == created.SpuId).Select(p => p.Title).SingleAsync());
        Assert.Equal(0, (await check.StockItems.SingleAsync(s => s.SkuId == created.Id)).OnHand);
        // The shops' product cards read the master image: one edit reached every listing.
        Assert.All(await check.Listings.Where(l => l.SkuId == existing.Id).Select(l => l.SkuId).ToListAsync(), id => Assert.Equal(existing.Id, id));
    }

    [Fact]
    public async Task Prices_import_updates_master_and_shop_prices_and_refuses_unlisted_or_unknown_shops()
    {
        await using var world = await SeededWorld.CreateAsync(DatabaseProvider.Sqlite);
        await using var db = world.Db();
        var listing = await db.Listings.Where(l => l.ShopId == world.Shops[1]).OrderBy(l => l.Id).FirstAsync();
        var sku = await db.Skus.SingleAsync(s => s.Id == listing.SkuId);
        var shopName = await db.Shops.Where(s => s.Id == world.Shops[1]).Select(s => s.Name).SingleAsync();
        var shop0 = world.Shops[1];
        var unlisted = await db.Skus.Where(s => s.MerchantId == world.Merchant && !db.Listings.Any(l => l.SkuId == s.Id && l.ShopId == shop0)).FirstAsync();

        var bad = $"sku_code,shop,price\n{sku.Code},{shopName},¥59.90\n{unlisted.Code},{shopName},10\n{sku.Code},不存在的店,10\n{sku.Code},,0.001\n";
        var plan = await world.Services.Imports.PreviewAsync(world.Owner, ImportKind.Prices, StockImportMode.SetOnHand, Utf8(bad), "prices.csv");
        Assert.Equal([3, 4, 5], plan.Issues.Select(i => i.Row));
        Assert.Contains("not listed", plan.Issues[0].Message.En);
        Assert.Contains("不存在的店", plan.Issues[1].Message.Zh);
        Assert.Contains("two decimals", plan.Issues[2].Message.En);

        var good = $"sku_code,shop,price\n{sku.Code},{shopName},¥59.90\n{sku.Code},,\"1,299\"\n";
        plan = await world.Services.Imports.PreviewAsync(world.Owner, ImportKind.Prices, StockImportMode.SetOnHand, Utf8(good), "prices.csv");
        Assert.Empty(plan.Issues);
        Assert.True((await world.Services.Imports.ApplyAsync(world.Owner, plan)).Applied);
        await using var check = world.Db();
        Assert.Equal(5990, await check.Listings.Where(l => l.Id == listing.Id).Select(l => l.PriceFen).SingleAsync());
        Assert.Equal(129900, await check.Skus.Where(s => s.Id == sku.Id).Select(s => s.ListPriceFen).SingleAsync());
    }

    [Fact]
    public async Task Only_people_with_the_right_may_import_and_exports_are_scoped_to_the_merchant()
    {
        await using var world = await SeededWorld.CreateAsync(DatabaseProvider.Sqlite);
        var operatorId = await world.Services.UserIdAsync("operator@demo.ks");
        await world.Services.Workspaces.SwitchAsync(operatorId, world.Merchant, null);
        await Assert.ThrowsAsync<KuaishouSeller.Core.Access.AccessDeniedException>(() =>
            world.Services.Imports.PreviewAsync(operatorId, ImportKind.Stock, StockImportMode.SetOnHand, Utf8("sku_code,quantity\nA,1\n"), "x.csv"));

        using var csv = new MemoryStream();
        await world.Services.Exports.ExportAsync(world.Owner, ImportKind.Stock, SheetFormat.Csv, csv);
        var text = Encoding.UTF8.GetString(csv.ToArray());
        Assert.StartsWith("\uFEFFSKU编码,数量,预警阈值", text);
        await using var db = world.Db();
        Assert.Equal(await db.StockItems.CountAsync(s => s.MerchantId == world.Merchant) + 1, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var foreign = await db.Skus.Where(s => s.MerchantId != world.Merchant).Select(s => s.Code).FirstAsync();
        Assert.DoesNotContain("\n" + foreign + ",", text);
    }
}
