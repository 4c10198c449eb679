using System.Diagnostics;
using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Auditing;
using KuaishouSeller.Core.Catalog;
using KuaishouSeller.Core.Commands;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Inventory;
using KuaishouSeller.Core.Organisations;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Workspace;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Transfer;

/// <summary>One change the apply will make; the field is named in the reader's language.</summary>
public sealed record ImportPreviewLine(int Row, string SkuCode, Bilingual Field, string Before, string After);

/// <summary>
/// A checked import, ready to apply: what the file will change, and every problem with its row number. It is applied
/// only when there are no problems at all (all-or-nothing).
/// </summary>
public sealed class ImportPlan
{
    public required ImportKind Kind { get; init; }
    public StockImportMode Mode { get; init; }
    public required string FileName { get; init; }
    public string Encoding { get; init; } = "";
    public long MerchantId { get; init; }
    public int RowCount { get; init; }
    public List<ImportIssue> Issues { get; } = [];
    public int Creates { get; set; }
    public int Updates { get; set; }
    public int Unchanged { get; set; }
    public List<ImportPreviewLine> Preview { get; } = [];
    public bool Applied { get; internal set; }
    /// <summary>A catalog file whose list-price column sets or changes a price: applying it needs prices.edit too.</summary>
    public bool SetsListPrices { get; internal set; }
    public bool CanApply => !Applied && Issues.Count == 0 && RowCount > 0 && (Kind != ImportKind.Shipments || Shipments.Any(s => s.Ships));
    /// <summary>A shipping file: each row's outcome (will ship, or refused with its reason); applying ships the rows that may.</summary>
    public List<Orders.ShipOutcome> Shipments { get; } = [];

    internal List<ImportStagingRow> Staged { get; } = [];
    internal List<CatalogLine> CatalogLines { get; } = [];
}

internal sealed record CatalogLine(int Row, string SpuCode, string Title, long CategoryId, string? Brand, string SkuCode, string Attributes,
    string? Barcode, long? CostFen, long? ListPriceFen, int? WeightGrams, string? ImageUrl);

public sealed record ImportResult(bool Applied, int Rows, int Changed, IReadOnlyList<ImportIssue> Issues, TimeSpan Took);

/// <summary>
/// Bulk import of catalog, prices and stock from CSV or Excel: a preview with per-row problems, then an all-or-nothing
/// apply in one transaction. Stock and prices are applied set-based from a staging table, so 100k rows take seconds.
/// </summary>
public sealed class ImportService(IDbContextFactory<AppDbContext> contexts, WorkspaceService workspaces, AccessService access, CommandRunner commands, TimeProvider clock,
    Orders.OrderCommands orders)
{
    public const int MaxRows = 200_000;
    private const int PreviewLines = 50;
    private const int ProgressEvery = 5_000;

    public async Task<ImportPlan> PreviewAsync(string userId, ImportKind kind, StockImportMode mode, byte[] content, string fileName,
        IProgress<ImportProgress>? progress = null, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var (actor, merchantId) = await RequireMerchantAsync(db, userId, kind, ct);
        progress?.Report(new(new("读取文件", "Reading the file"), 0, 1));

        Sheet sheet;
        try
        {
            sheet = SheetReader.Read(content, fileName);
        }
        catch (DomainException e)
        {
            var refused = new ImportPlan { Kind = kind, Mode = mode, FileName = fileName, MerchantId = merchantId };
            refused.Issues.Add(new ImportIssue(0, null, e.UserMessage));
            return refused;
        }

        var plan = new ImportPlan { Kind = kind, Mode = mode, FileName = fileName, Encoding = sheet.EncodingName, MerchantId = merchantId, RowCount = sheet.Rows.Count };
        if (sheet.Rows.Count > MaxRows)
        {
            plan.Issues.Add(new(0, null, new($"文件有 {sheet.Rows.Count:N0} 行，一次最多导入 {MaxRows:N0} 行。", $"The file has {sheet.Rows.Count:N0} rows; one import takes at most {MaxRows:N0}.")));
            return plan;
        }
        var columns = MapColumns(sheet.Header, kind, plan);
        if (plan.Issues.Count > 0) return plan;

        switch (kind)
        {
            case ImportKind.Stock: await CheckStockAsync(db, plan, sheet, columns, progress, ct); break;
            case ImportKind.Prices: await CheckPricesAsync(db, actor, plan, sheet, columns, progress, ct); break;
            case ImportKind.Shipments: await CheckShipmentsAsync(db, actor, plan, sheet, columns, ct); break;
            default: await CheckCatalogAsync(db, plan, sheet, columns, progress, ct); break;
        }
        if (plan.RowCount == 0) plan.Issues.Add(new(0, null, new("文件中只有表头，没有数据行。", "The file has a header but no data rows.")));
        if (plan.SetsListPrices && !actor.Can(Permission.PricesEdit, merchantId, ShopTarget.AllShops))
            plan.Issues.Add(new(0, ImportColumns.ListPrice.Zh, new("文件的“售价”列会设置或修改价格，需要覆盖全部店铺的“修改价格”权限；请删除该列或请有权限的同事导入。",
                "The file's list-price column sets or changes prices, which needs 'Change prices' over all shops; remove the column or ask a colleague who has it.")));
        progress?.Report(new(new("校验完成", "Checked"), plan.RowCount, plan.RowCount));
        return plan;
    }

    private async Task<(Actor Actor, long MerchantId)> RequireMerchantAsync(AppDbContext db, string userId, ImportKind kind, CancellationToken ct)
    {
        var scope = await workspaces.ResolveAsync(db, userId, ct);
        if (scope.Workspace is not { Kind: OrganisationKind.Merchant } workspace)
            throw new DomainException(new("请先在工作台切换到一个商家。", "Switch to a merchant workspace first."));
        // Shipping is per shop: a grant over some shops ships their orders (each row is checked against its shop).
        if (kind != ImportKind.Shipments || !scope.Actor.CanInSomeShop(Permission.OrdersFulfil, workspace.OrganisationId))
            await access.RequireAsync(scope.Actor, PermissionFor(kind), workspace.OrganisationId, ShopTarget.AllShops, ActionFor(kind), ct);
        return (scope.Actor, workspace.OrganisationId);
    }

    /// <summary>Why this kind of import is not offered in the current workspace (the refusal Core would give); null when it is.</summary>
    public async Task<Bilingual?> RefusalAsync(string userId, ImportKind kind, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var scope = await workspaces.ResolveAsync(db, userId, ct);
        return scope.Workspace is not { Kind: OrganisationKind.Merchant }
            ? new Bilingual("请先在工作台切换到一个商家。", "Switch to a merchant workspace first.")
            : kind == ImportKind.Shipments && scope.Actor.CanInSomeShop(Permission.OrdersFulfil, scope.Workspace.OrganisationId) ? null
            : scope.RefusalForAllShops(PermissionFor(kind));
    }

    /// <summary>An import writes the merchant's shared data (the master catalog, prices, the pool): its right over all shops.</summary>
    public static Permission PermissionFor(ImportKind kind) =>
        kind switch { ImportKind.Catalog => Permission.CatalogEdit, ImportKind.Prices => Permission.PricesEdit, ImportKind.Shipments => Permission.OrdersFulfil, _ => Permission.StockAdjust };

    private static string ActionFor(ImportKind kind) =>
        kind switch { ImportKind.Catalog => AuditActions.ImportCatalog, ImportKind.Prices => AuditActions.ImportPrices, ImportKind.Shipments => AuditActions.ImportShipments, _ => AuditActions.ImportStock };

    /// <summary>Problems found while applying: the body throws this so the runner rolls everything back, and the caller gets the issues.</summary>
    private sealed class RejectedAtApply(List<ImportIssue> issues) : Exception("The import was rolled back.")
    {
        public List<ImportIssue> Issues { get; } = issues;
    }

    private static Dictionary<ColumnSpec, int> MapColumns(IReadOnlyList<string> header, ImportKind kind, ImportPlan plan)
    {
        var specs = ImportColumns.For(kind);
        var map = new Dictionary<ColumnSpec, int>();
        for (var i = 0; i < header.Count; i++)
            if (specs.FirstOrDefault(s => s.Matches(header[i])) is { } spec && !map.TryAdd(spec, i))
                plan.Issues.Add(new(1, header[i], new($"表头“{header[i]}”出现了两次。", $"The column \"{header[i]}\" appears twice.")));
        var missing = specs.Where(s => s.Required && !map.ContainsKey(s)).ToList();
        if (kind == ImportKind.Stock && !map.ContainsKey(ImportColumns.Quantity) && !map.ContainsKey(ImportColumns.Threshold))
            missing.Add(ImportColumns.Quantity);
        if (missing.Count > 0)
            plan.Issues.Add(new(1, null, new(
                $"缺少列：{string.Join("、", missing.Select(m => m.Zh))}。第一行必须是表头，可用的列：{string.Join("、", specs.Select(s => s.Zh))}。",
                $"Missing columns: {string.Join(", ", missing.Select(m => m.En))}. The first row must be the header; columns: {string.Join(", ", specs.Select(s => s.Key))}.")));
        return map;
    }

    private static string Cell(SheetRow row, Dictionary<ColumnSpec, int> columns, ColumnSpec spec) =>
        columns.TryGetValue(spec, out var i) && i < row.Cells.Length ? row.Cells[i].Trim() : "";

    private static void Report(IProgress<ImportProgress>? progress, int done, int total)
    {
        if (progress is not null && done % ProgressEvery == 0) progress.Report(new(new("校验", "Checking"), done, total));
    }

    // ---- Shipments ---------------------------------------------------------------------------------------------

    /// <summary>Each row's outcome with the same check the shipping command runs (<see cref="Orders.OrderCommands.CheckAsync"/>).</summary>
    private static async Task CheckShipmentsAsync(AppDbContext db, Actor actor, ImportPlan plan, Sheet sheet, Dictionary<ColumnSpec, int> columns, CancellationToken ct)
    {
        var requests = sheet.Rows.Select(row => new Orders.ShipRequest(row.RowNumber, null, Cell(row, columns, ImportColumns.OrderNo),
            Orders.Carriers.Parse(Cell(row, columns, ImportColumns.Carrier)), Cell(row, columns, ImportColumns.Waybill))).ToList();
        var outcomes = await Orders.OrderCommands.CheckAsync(db, actor, requests, ct);
        for (var i = 0; i < outcomes.Count; i++)
        {
            var outcome = outcomes[i];
            var carrierText = Cell(sheet.Rows[i], columns, ImportColumns.Carrier);
            // An order that could ship but names a carrier we do not know: say which name was not understood.
            if (requests[i].Carrier is null && carrierText.Length > 0 && outcome.OrderId is not null && outcome.Refusal is { } r && r.En.StartsWith("Choose a carrier", StringComparison.Ordinal))
                outcome = outcome with { Refusal = new($"未知的快递公司“{carrierText}”。", $"Unknown carrier \"{carrierText}\".") };
            plan.Shipments.Add(outcome);
            if (outcome.Ships) plan.Updates++; else plan.Unchanged++;
        }
    }

    // ---- Stock -------------------------------------------------------------------------------------------------

    private static async Task CheckStockAsync(AppDbContext db, ImportPlan plan, Sheet sheet, Dictionary<ColumnSpec, int> columns,
        IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        var stock = await (from s in db.Skus.AsNoTracking().Where(s => s.MerchantId == plan.MerchantId)
                           join i in db.StockItems on s.Id equals i.SkuId
                           select new { s.Code, s.Id, i.OnHand, Promised = i.Reserved + i.CampaignLocked + i.QuotaAllocated, i.LowStockThreshold })
            .ToDictionaryAsync(x => x.Code, StringComparer.OrdinalIgnoreCase, ct);
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var hasQuantity = columns.ContainsKey(ImportColumns.Quantity);
        var done = 0;
        foreach (var row in sheet.Rows)
        {
            Report(progress, ++done, sheet.Rows.Count);
            var code = Cell(row, columns, ImportColumns.SkuCode);
            if (!CheckCode(plan, row, code, seen)) continue;
            if (!stock.TryGetValue(code, out var item))
            {
                plan.Issues.Add(new(row.RowNumber, ImportColumns.SkuCode.Zh, new($"未知的 SKU 编码“{code}”。", $"Unknown SKU code \"{code}\".")));
                continue;
            }
            long? amount = null;
            var quantityText = Cell(row, columns, ImportColumns.Quantity);
            if (hasQuantity && quantityText.Length == 0 && plan.Mode == StockImportMode.SetOnHand && !columns.ContainsKey(ImportColumns.Threshold))
            {
                plan.Issues.Add(new(row.RowNumber, ImportColumns.Quantity.Zh, new("缺少数量。", "The quantity is missing.")));
                continue;
            }
            if (quantityText.Length > 0)
            {
                if (!ImportValues.TryQuantity(quantityText, StockService.MaxQuantity, out var quantity, out var problem))
                {
                    plan.Issues.Add(new(row.RowNumber, ImportColumns.Quantity.Zh, problem));
                    continue;
                }
                if (plan.Mode == StockImportMode.SetOnHand && quantity < item.Promised)
                {
                    plan.Issues.Add(new(row.RowNumber, ImportColumns.Quantity.Zh, new(
                        $"盘点数 {quantity} 少于已预占、活动锁定和店铺配额合计 {item.Promised}。",
                        $"The counted {quantity} is less than the {item.Promised} units reserved, campaign-locked and in shop quotas.")));
                    continue;
                }
                amount = quantity;
            }
            int? threshold = null;
            var thresholdText = Cell(row, columns, ImportColumns.Threshold);
            if (thresholdText.Length > 0)
            {
                if (!ImportValues.TryQuantity(thresholdText, StockService.MaxQuantity, out var t, out var problem))
                {
                    plan.Issues.Add(new(row.RowNumber, ImportColumns.Threshold.Zh, problem));
                    continue;
                }
                threshold = t;
            }
            var reason = Cell(row, columns, ImportColumns.Reason);
            if (reason.Length > 200)
            {
                plan.Issues.Add(new(row.RowNumber, ImportColumns.Reason.Zh, new("原因不能超过 200 个字。", "The reason cannot be longer than 200 characters.")));
                continue;
            }

            var newOnHand = amount is null ? item.OnHand : plan.Mode == StockImportMode.SetOnHand ? (int)amount : item.OnHand + (int)amount;
            var changed = newOnHand != item.OnHand || (threshold is not null && threshold != item.LowStockThreshold);
            if (changed) plan.Updates++; else plan.Unchanged++;
            // Every change the apply makes is previewed: the count and the low-stock threshold, each on its own line.
            if (newOnHand != item.OnHand && plan.Preview.Count < PreviewLines)
                plan.Preview.Add(new(row.RowNumber, code, new("实物库存", "On hand"), item.OnHand.ToString(), newOnHand.ToString()));
            if (threshold is { } newThreshold && newThreshold != item.LowStockThreshold && plan.Preview.Count < PreviewLines)
                plan.Preview.Add(new(row.RowNumber, code, new("预警阈值", "Low-stock threshold"), item.LowStockThreshold.ToString(), newThreshold.ToString()));
            plan.Staged.Add(new ImportStagingRow { RowNumber = row.RowNumber, SkuId = item.Id, Amount = amount, Threshold = threshold, Reason = reason.Length == 0 ? null : reason });
        }
    }

    private static bool CheckCode(ImportPlan plan, SheetRow row, string code, Dictionary<string, int> seen)
    {
        if (code.Length == 0)
        {
            plan.Issues.Add(new(row.RowNumber, ImportColumns.SkuCode.Zh, new("缺少 SKU 编码。", "The SKU code is missing.")));
            return false;
        }
        if (!seen.TryAdd(code, row.RowNumber))
        {
            plan.Issues.Add(new(row.RowNumber, ImportColumns.SkuCode.Zh, new($"SKU 编码“{code}”与第 {seen[code]} 行重复。", $"The SKU code \"{code}\" repeats row {seen[code]}.")));
            return false;
        }
        return true;
    }

    // ---- Prices ------------------------------------------------------------------------------------------------

    private static async Task CheckPricesAsync(AppDbContext db, Actor actor, ImportPlan plan, Sheet sheet, Dictionary<ColumnSpec, int> columns,
        IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        var skus = await db.Skus.AsNoTracking().Where(s => s.MerchantId == plan.MerchantId)
            .Select(s => new { s.Code, s.Id, s.ListPriceFen }).ToDictionaryAsync(s => s.Code, StringComparer.OrdinalIgnoreCase, ct);
        var shops = await db.Shops.AsNoTracking().Where(s => s.MerchantId == plan.MerchantId).Select(s => new { s.Id, s.Name }).ToListAsync(ct);
        var listings = await (from l in db.Listings.AsNoTracking()
                              join s in db.Shops on l.ShopId equals s.Id
                              where s.MerchantId == plan.MerchantId
                              select new { l.ShopId, l.SkuId, l.PriceFen }).ToDictionaryAsync(l => (l.ShopId, l.SkuId), l => l.PriceFen, ct);
        var seen = new Dictionary<(string, long?), int>();
        var done = 0;
        foreach (var row in sheet.Rows)
        {
            Report(progress, ++done, sheet.Rows.Count);
            var code = Cell(row, columns, ImportColumns.SkuCode);
            var shopText = Cell(row, columns, ImportColumns.Shop);
            if (code.Length == 0)
            {
                plan.Issues.Add(new(row.RowNumber, ImportColumns.SkuCode.Zh, new("缺少 SKU 编码。", "The SKU code is missing.")));
                continue;
            }
            if (!skus.TryGetValue(code, out var sku))
            {
                plan.Issues.Add(new(row.RowNumber, ImportColumns.SkuCode.Zh, new($"未知的 SKU 编码“{code}”。", $"Unknown SKU code \"{code}\".")));
                continue;
            }
            long? shopId = null;
            if (shopText.Length > 0)
            {
                var matches = shops.Where(s => s.Name == shopText || s.Id.ToString() == shopText).ToList();
                if (matches.Count != 1)
                {
                    plan.Issues.Add(new(row.RowNumber, ImportColumns.Shop.Zh, matches.Count == 0
                        ? new($"找不到店铺“{shopText}”。", $"No shop called \"{shopText}\".")
                        : new($"有多个店铺叫“{shopText}”，请填写店铺 ID。", $"Several shops are called \"{shopText}\"; use the shop id.")));
                    continue;
                }
                shopId = matches[0].Id;
                if (!actor.Can(Permission.PricesEdit, plan.MerchantId, ShopTarget.Shop(shopId.Value)))
                {
                    plan.Issues.Add(new(row.RowNumber, ImportColumns.Shop.Zh, new($"你无权修改店铺“{shopText}”的价格。", $"You may not change prices in the shop \"{shopText}\".")));
                    continue;
                }
            }
            if (!seen.TryAdd((code.ToUpperInvariant(), shopId), row.RowNumber))
            {
                plan.Issues.Add(new(row.RowNumber, ImportColumns.SkuCode.Zh, new($"“{code}”{(shopId is null ? "" : $"在店铺“{shopText}”")}的价格与第 {seen[(code.ToUpperInvariant(), shopId)]} 行重复。",
                    $"The price of \"{code}\"{(shopId is null ? "" : $" in \"{shopText}\"")} repeats row {seen[(code.ToUpperInvariant(), shopId)]}.")));
                continue;
            }
            if (!ImportValues.TryMoney(Cell(row, columns, ImportColumns.Price), out var fen, out var problem))
            {
                plan.Issues.Add(new(row.RowNumber, ImportColumns.Price.Zh, problem));
                continue;
            }
            if (fen == 0)
            {
                plan.Issues.Add(new(row.RowNumber, ImportColumns.Price.Zh, new("价格必须大于 0。", "The price must be more than 0.")));
                continue;
            }
            long before;
            if (shopId is { } shop)
            {
                if (!listings.TryGetValue((shop, sku.Id), out before))
                {
                    plan.Issues.Add(new(row.RowNumber, ImportColumns.Shop.Zh, new($"“{code}”没有在店铺“{shopText}”上架。", $"\"{code}\" is not listed in the shop \"{shopText}\".")));
                    continue;
                }
            }
            else before = sku.ListPriceFen;
            if (before == fen) plan.Unchanged++; else plan.Updates++;
            if (before != fen && plan.Preview.Count < PreviewLines)
                plan.Preview.Add(new(row.RowNumber, code, shopId is null ? new("售价", "List price") : new($"{shopText} 店铺价", $"{shopText} shop price"), Money.Format(before), Money.Format(fen)));
            plan.Staged.Add(new ImportStagingRow { RowNumber = row.RowNumber, SkuId = sku.Id, ShopId = shopId, Amount = fen });
        }
    }

    // ---- Catalog -----------------------------------------------------------------------------------------------

    private static async Task CheckCatalogAsync(AppDbContext db, ImportPlan plan, Sheet sheet, Dictionary<ColumnSpec, int> columns,
        IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        var categories = await db.Categories.AsNoTracking().ToListAsync(ct);
        var skus = await (from s in db.Skus.AsNoTracking().Where(s => s.MerchantId == plan.MerchantId)
                          join p in db.Spus on s.SpuId equals p.Id
                          select new { Sku = s, SpuCode = p.Code }).ToDictionaryAsync(x => x.Sku.Code, StringComparer.OrdinalIgnoreCase, ct);
        var spus = await db.Spus.AsNoTracking().Where(p => p.MerchantId == plan.MerchantId).ToDictionaryAsync(p => p.Code, StringComparer.OrdinalIgnoreCase, ct);
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var spusInFile = new Dictionary<string, CatalogLine>(StringComparer.OrdinalIgnoreCase);
        var done = 0;
        foreach (var row in sheet.Rows)
        {
            Report(progress, ++done, sheet.Rows.Count);
            string Get(ColumnSpec spec) => Cell(row, columns, spec);
            bool Fail(ColumnSpec spec, Bilingual message) { plan.Issues.Add(new(row.RowNumber, spec.Zh, message)); return false; }
            bool Length(ColumnSpec spec, string value, int max) =>
                value.Length <= max || Fail(spec, new($"“{spec.Zh}”不能超过 {max} 个字。", $"\"{spec.En}\" cannot be longer than {max} characters."));

            var skuCode = Get(ImportColumns.SkuCode);
            if (!CheckCode(plan, row, skuCode, seen)) continue;
            var spuCode = Get(ImportColumns.SpuCode);
            var title = Get(ImportColumns.SpuTitle);
            var categoryText = Get(ImportColumns.Category);
            if (spuCode.Length == 0) { Fail(ImportColumns.SpuCode, new("缺少商品编码。", "The product code is missing.")); continue; }
            if (title.Length == 0) { Fail(ImportColumns.SpuTitle, new("缺少商品名称。", "The title is missing.")); continue; }
            var category = categories.FirstOrDefault(c => c.Code.Equals(categoryText, StringComparison.OrdinalIgnoreCase) || c.NameZh == categoryText ||
                                                          c.NameEn.Equals(categoryText, StringComparison.OrdinalIgnoreCase));
            if (category is null) { Fail(ImportColumns.Category, new($"未知类目“{categoryText}”。", $"Unknown category \"{categoryText}\".")); continue; }
            var brand = Get(ImportColumns.Brand);
            var attributes = Get(ImportColumns.Attributes);
            var barcode = Get(ImportColumns.Barcode);
            var image = Get(ImportColumns.ImageUrl);
            if (!Length(ImportColumns.SkuCode, skuCode, 64) || !Length(ImportColumns.SpuCode, spuCode, 64) || !Length(ImportColumns.SpuTitle, title, 200) ||
                !Length(ImportColumns.Brand, brand, 100) || !Length(ImportColumns.Attributes, attributes, 256) || !Length(ImportColumns.Barcode, barcode, 64) ||
                !Length(ImportColumns.ImageUrl, image, 256)) continue;
            if (image.Length > 0 && !CatalogRules.IsImageUrl(image))
            {
                Fail(ImportColumns.ImageUrl, new("图片链接须以 http:// 或 https:// 开头。", "The image URL must start with http:// or https://."));
                continue;
            }
            long? cost = null, price = null;
            int? weight = null;
            if (Get(ImportColumns.Cost) is { Length: > 0 } costText)
            {
                if (!ImportValues.TryMoney(costText, out var c, out var problem)) { Fail(ImportColumns.Cost, problem); continue; }
                cost = c;
            }
            if (Get(ImportColumns.ListPrice) is { Length: > 0 } priceText)
            {
                if (!ImportValues.TryMoney(priceText, out var p, out var problem)) { Fail(ImportColumns.ListPrice, problem); continue; }
                if (p == 0) { Fail(ImportColumns.ListPrice, new("售价必须大于 0。", "The list price must be more than 0.")); continue; }
                price = p;
            }
            if (Get(ImportColumns.Weight) is { Length: > 0 } weightText)
            {
                if (!ImportValues.TryQuantity(weightText, 1_000_000, out var w, out var problem)) { Fail(ImportColumns.Weight, problem); continue; }
                weight = w;
            }

            var line = new CatalogLine(row.RowNumber, spuCode, title, category.Id, brand.Length == 0 ? null : brand, skuCode, attributes,
                barcode.Length == 0 ? null : barcode, cost, price, weight, image.Length == 0 ? null : image);
            if (spusInFile.TryGetValue(spuCode, out var first) && (first.Title != title || first.CategoryId != category.Id))
            {
                Fail(ImportColumns.SpuTitle, new($"商品编码“{spuCode}”在第 {first.Row} 行的名称或类目不同。", $"The product \"{spuCode}\" has a different title or category on row {first.Row}."));
                continue;
            }
            spusInFile.TryAdd(spuCode, line);

            if (skus.TryGetValue(skuCode, out var existing))
            {
                if (!existing.SpuCode.Equals(spuCode, StringComparison.OrdinalIgnoreCase))
                {
                    Fail(ImportColumns.SpuCode, new($"SKU“{skuCode}”属于商品“{existing.SpuCode}”，不能改到“{spuCode}”。", $"The SKU \"{skuCode}\" belongs to the product \"{existing.SpuCode}\" and cannot move to \"{spuCode}\"."));
                    continue;
                }
                var s = existing.Sku;
                var spu = spus[existing.SpuCode];
                var changes = new List<(Bilingual Field, string Before, string After)>();
                if (spu.Title != title) changes.Add((new("商品名称", "Title"), spu.Title, title));
                if (spu.CategoryId != category.Id) changes.Add((new("类目", "Category"), spu.CategoryId.ToString(), category.Code));
                if (s.Attributes != attributes) changes.Add((new("规格", "Attributes"), s.Attributes, attributes));
                if (s.Barcode != line.Barcode) changes.Add((new("条码", "Barcode"), s.Barcode ?? "", barcode));
                if (cost is not null && s.CostFen != cost) changes.Add((new("成本价", "Cost"), Money.Format(s.CostFen), Money.Format(cost.Value)));
                if (price is not null && s.ListPriceFen != price)
                {
                    changes.Add((new("售价", "List price"), Money.Format(s.ListPriceFen), Money.Format(price.Value)));
                    plan.SetsListPrices = true;
                }
                if (weight is not null && s.WeightGrams != weight) changes.Add((new("重量", "Weight"), s.WeightGrams.ToString(), weight.Value.ToString()));
                if (s.ImageUrl != line.ImageUrl) changes.Add((new("图片", "Image"), s.ImageUrl ?? "", image));
                if (changes.Count == 0) { plan.Unchanged++; continue; }
                plan.Updates++;
                foreach (var c in changes.Take(PreviewLines - plan.Preview.Count)) plan.Preview.Add(new(row.RowNumber, skuCode, c.Field, c.Before, c.After));
            }
            else
            {
                if (price is null) { Fail(ImportColumns.ListPrice, new("新 SKU 必须填写售价。", "A new SKU needs a list price.")); continue; }
                plan.Creates++;
                plan.SetsListPrices = true;
                if (plan.Preview.Count < PreviewLines) plan.Preview.Add(new(row.RowNumber, skuCode, new("新建", "New"), "", $"{title} {attributes}".Trim()));
            }
            plan.CatalogLines.Add(line);
        }
    }

    // ---- Apply -------------------------------------------------------------------------------------------------

    /// <summary>Applies a checked plan in one transaction. Stock is re-checked against the moment of applying; any problem rolls everything back.</summary>
    public async Task<ImportResult> ApplyAsync(string userId, ImportPlan plan, IProgress<ImportProgress>? progress = null, CancellationToken ct = default)
    {
        if (!plan.CanApply)
            throw new DomainException(plan.Applied
                ? new("这个文件已经导入过了。", "This file has already been imported.")
                : new("文件中还有错误，改正后重新上传。", "The file still has problems; fix them and upload it again."));
        var stopwatch = Stopwatch.StartNew();
        if (plan.Kind == ImportKind.Shipments) return await ApplyShipmentsAsync(userId, plan, stopwatch, ct);
        try
        {
            var changed = await commands.RunInTransactionAsync(userId, ActionFor(plan.Kind), async c =>
            {
                var (db, ct) = (c.Db, c.Cancellation);
                if ((await workspaces.ResolveAsync(db, c.Actor, ct)).Workspace?.OrganisationId != plan.MerchantId)
                    throw new DomainException(new("工作台已切换到另一个商家，请重新上传文件。", "The workspace changed to another merchant; upload the file again."));
                if (plan.SetsListPrices) await c.RequireAsync(Permission.PricesEdit, plan.MerchantId, ShopTarget.AllShops);
                await c.RequireAsync(PermissionFor(plan.Kind), plan.MerchantId, ShopTarget.AllShops);
                db.ChangeTracker.AutoDetectChangesEnabled = false;

                var issues = new List<ImportIssue>();
                int changed;
                if (plan.Kind == ImportKind.Catalog)
                    changed = await ApplyCatalogAsync(db, plan, progress, ct);
                else
                {
                    var batch = Random.Shared.NextInt64(1, long.MaxValue);
                    var total = plan.Staged.Count;
                    var written = 0;
                    IEnumerable<ImportStagingRow> Rows()
                    {
                        foreach (var row in plan.Staged)
                        {
                            row.BatchId = batch;
                            if (++written % ProgressEvery == 0) progress?.Report(new(new("写入", "Writing"), written, total));
                            yield return row;
                        }
                    }
                    await BulkInsert.InsertAsync(db, Rows(), ct);
                    progress?.Report(new(new("更新", "Updating"), total, total));
                    changed = plan.Kind == ImportKind.Stock
                        ? await ApplyStockAsync(db, plan, batch, c.Actor, issues, ct)
                        : await ApplyPricesAsync(db, batch, c.Actor.DisplayName, ct);
                    await db.ImportStagingRows.Where(r => r.BatchId == batch).ExecuteDeleteAsync(ct);
                }
                if (issues.Count > 0) throw new RejectedAtApply(issues);
                c.Audit(new AuditSubject("File", plan.FileName, plan.FileName), after: new
                {
                    rows = plan.RowCount, changed, mode = plan.Kind == ImportKind.Stock ? plan.Mode.ToString() : null,
                });
                return changed;
            }, ct);
            plan.Applied = true;
            progress?.Report(new(new("完成", "Done"), plan.RowCount, plan.RowCount));
            return new ImportResult(true, plan.RowCount, changed, [], stopwatch.Elapsed);
        }
        catch (RejectedAtApply rejected)
        {
            return new ImportResult(false, plan.RowCount, 0, rejected.Issues, stopwatch.Elapsed);
        }
    }

    /// <summary>Ships the rows that may ship (each with its order's stock, all in one transaction); rows refused now are reported.</summary>
    private async Task<ImportResult> ApplyShipmentsAsync(string userId, ImportPlan plan, Stopwatch stopwatch, CancellationToken ct)
    {
        var requests = plan.Shipments.Where(s => s.Ships).Select(s => new Orders.ShipRequest(s.Row, s.OrderId, s.OrderNo, s.Carrier, s.Waybill)).ToList();
        var outcomes = await orders.ShipManyAsync(userId, requests, plan.FileName, ct);
        var byRow = outcomes.ToDictionary(o => o.Row);
        for (var i = 0; i < plan.Shipments.Count; i++)
            if (byRow.TryGetValue(plan.Shipments[i].Row, out var now)) plan.Shipments[i] = now;
        plan.Applied = true;
        var refused = outcomes.Where(o => !o.Ships).Select(o => new ImportIssue(o.Row, ImportColumns.OrderNo.Zh, o.Refusal!.Value)).ToList();
        return new ImportResult(true, plan.RowCount, outcomes.Count(o => o.Ships), refused, stopwatch.Elapsed);
    }

    private async Task<int> ApplyStockAsync(AppDbContext db, ImportPlan plan, long batch, Actor actor, List<ImportIssue> issues, CancellationToken ct)
    {
        var staged = db.ImportStagingRows.Where(r => r.BatchId == batch);
        // Lock the affected rows first (a no-op update), so no order can move them between the check and the write.
        await db.StockItems.Where(s => staged.Any(r => r.SkuId == s.SkuId)).ExecuteUpdateAsync(s => s.SetProperty(x => x.OnHand, x => x.OnHand), ct);

        var setMode = plan.Mode == StockImportMode.SetOnHand;
        var refused = await (from r in staged
                             join s in db.StockItems on r.SkuId equals s.SkuId
                             join k in db.Skus on s.SkuId equals k.Id
                             where r.Amount != null && (setMode ? r.Amount : s.OnHand + r.Amount) < s.Reserved + s.CampaignLocked + s.QuotaAllocated
                             orderby r.RowNumber
                             select new { r.RowNumber, k.Code, r.Amount, Promised = s.Reserved + s.CampaignLocked + s.QuotaAllocated })
            .Take(100).ToListAsync(ct);
        foreach (var r in refused)
            issues.Add(new(r.RowNumber, ImportColumns.Quantity.Zh, new(
                $"“{r.Code}”在导入时已有 {r.Promised} 件被预占、锁定或划入配额，盘点数 {r.Amount} 不够。",
                $"When importing, \"{r.Code}\" had {r.Promised} units reserved, locked or in quotas; the counted {r.Amount} is not enough.")));
        if (issues.Count > 0) return 0;

        // The ledger first (it needs the on-hand before the change), then the pool; both set-based.
        var now = clock.GetUtcNow().UtcDateTime;
        var reference = $"import:{batch:x}";
        // The kind says what happened (a stocktake, or a receipt / adjustment); the reason is the person's words, else the file.
        var defaultReason = plan.FileName.Length > 200 ? plan.FileName[..200] : plan.FileName;
        var delta = setMode ? "r.\"Amount\" - s.\"OnHand\"" : "r.\"Amount\"";
        var sql = $"""
            INSERT INTO "StockLedger" ("SkuId", "MerchantId", "ShopId", "Kind", "OnHandDelta", "ReservedDelta", "LockedDelta", "QuotaDelta", "Actor", "Reason", "Reference", "At")
            SELECT s."SkuId", s."MerchantId", NULL, {(setMode ? $"{(int)StockMovementKind.Stocktake}" : $"CASE WHEN {delta} > 0 THEN {(int)StockMovementKind.Receipt} ELSE {(int)StockMovementKind.Adjustment} END")},
                   {delta}, 0, 0, 0, @actor, COALESCE(r."Reason", @reason), @reference, @at
            FROM "ImportStagingRows" r JOIN "StockItems" s ON s."SkuId" = r."SkuId"
            WHERE r."BatchId" = @batch AND r."Amount" IS NOT NULL AND {delta} <> 0
            """;
        var changed = await db.Database.ExecuteSqlRawAsync(sql, [
            Parameter(db, "actor", actor.DisplayName), Parameter(db, "reason", defaultReason), Parameter(db, "reference", reference),
            Parameter(db, "at", now), Parameter(db, "batch", batch)], ct);

        if (setMode)
            await db.StockItems.Where(s => staged.Any(r => r.SkuId == s.SkuId && r.Amount != null))
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.OnHand, x => (int)staged.Where(r => r.SkuId == x.SkuId).Select(r => r.Amount).First()!.Value), ct);
        else
            await db.StockItems.Where(s => staged.Any(r => r.SkuId == s.SkuId && r.Amount != null))
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.OnHand, x => x.OnHand + (int)staged.Where(r => r.SkuId == x.SkuId).Select(r => r.Amount).First()!.Value), ct);
        var thresholds = await db.StockItems.Where(s => staged.Any(r => r.SkuId == s.SkuId && r.Threshold != null && r.Threshold != s.LowStockThreshold))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LowStockThreshold, x => staged.Where(r => r.SkuId == x.SkuId).Select(r => r.Threshold).First()!.Value), ct);
        return changed + thresholds;
    }

    private async Task<int> ApplyPricesAsync(AppDbContext db, long batch, string actorName, CancellationToken ct)
    {
        var staged = db.ImportStagingRows.Where(r => r.BatchId == batch);
        // Price history first (it needs the old price): campaigns compare against the 30-day lowest price.
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO "ListingPriceChanges" ("ListingId", "OldPriceFen", "NewPriceFen", "ChangedAt", "ChangedBy")
            SELECT l."Id", l."PriceFen", r."Amount", @at, @actor
            FROM "ImportStagingRows" r JOIN "Listings" l ON l."SkuId" = r."SkuId" AND l."ShopId" = r."ShopId"
            WHERE r."BatchId" = @batch AND r."Amount" IS NOT NULL AND r."Amount" <> l."PriceFen"
            """, [Parameter(db, "at", clock.GetUtcNow().UtcDateTime), Parameter(db, "actor", actorName), Parameter(db, "batch", batch)], ct);
        var master = await db.Skus.Where(s => staged.Any(r => r.SkuId == s.Id && r.ShopId == null && r.Amount != s.ListPriceFen))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ListPriceFen, x => staged.Where(r => r.SkuId == x.Id && r.ShopId == null).Select(r => r.Amount).First()!.Value), ct);
        var shops = await db.Listings.Where(l => staged.Any(r => r.SkuId == l.SkuId && r.ShopId == l.ShopId && r.Amount != l.PriceFen))
            .ExecuteUpdateAsync(l => l.SetProperty(x => x.PriceFen, x => staged.Where(r => r.SkuId == x.SkuId && r.ShopId == x.ShopId).Select(r => r.Amount).First()!.Value), ct);
        return master + shops;
    }

    /// <summary>
    /// New products and SKUs are bulk-inserted with ids handed out up front (100k new SKUs in seconds); changed ones
    /// go through EF as ordinary updates of just the changed rows.
    /// </summary>
    private async Task<int> ApplyCatalogAsync(AppDbContext db, ImportPlan plan, IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var spus = await db.Spus.Where(p => p.MerchantId == plan.MerchantId).ToDictionaryAsync(p => p.Code, StringComparer.OrdinalIgnoreCase, ct);
        var newSpus = new List<Spu>();
        foreach (var line in plan.CatalogLines)
        {
            if (!spus.TryGetValue(line.SpuCode, out var spu))
            {
                spu = new Spu { MerchantId = plan.MerchantId, Code = line.SpuCode, Title = line.Title, CategoryId = line.CategoryId, Brand = line.Brand, CreatedAt = now };
                spus[line.SpuCode] = spu;
                newSpus.Add(spu);
            }
            else if (spu.Id != 0 && (spu.Title != line.Title || spu.CategoryId != line.CategoryId || (line.Brand is not null && spu.Brand != line.Brand)))
            {
                (spu.Title, spu.CategoryId, spu.Brand) = (line.Title, line.CategoryId, line.Brand ?? spu.Brand);
                db.Spus.Update(spu);
            }
        }
        var spuIds = await BulkInsert.NextIdsAsync<Spu>(db, newSpus.Count, ct);
        for (var i = 0; i < newSpus.Count; i++) newSpus[i].Id = spuIds[i];
        await BulkInsert.InsertAsync(db, newSpus, ct);

        var skus = await db.Skus.Where(s => s.MerchantId == plan.MerchantId).ToDictionaryAsync(s => s.Code, StringComparer.OrdinalIgnoreCase, ct);
        var newSkus = new List<Sku>();
        var done = 0;
        foreach (var line in plan.CatalogLines)
        {
            if (++done % ProgressEvery == 0) progress?.Report(new(new("写入", "Writing"), done, plan.CatalogLines.Count));
            var isNew = !skus.TryGetValue(line.SkuCode, out var sku);
            sku ??= new Sku { MerchantId = plan.MerchantId, Code = line.SkuCode, SpuId = spus[line.SpuCode].Id };
            sku.Attributes = line.Attributes;
            sku.Barcode = line.Barcode;
            sku.CostFen = line.CostFen ?? sku.CostFen;
            sku.ListPriceFen = line.ListPriceFen ?? sku.ListPriceFen;
            sku.WeightGrams = line.WeightGrams ?? sku.WeightGrams;
            sku.ImageUrl = line.ImageUrl;
            if (isNew) newSkus.Add(sku);
            else db.Skus.Update(sku);
        }
        var skuIds = await BulkInsert.NextIdsAsync<Sku>(db, newSkus.Count, ct);
        for (var i = 0; i < newSkus.Count; i++) newSkus[i].Id = skuIds[i];
        await BulkInsert.InsertAsync(db, newSkus, ct);
        // A new SKU starts with an empty stock row (zero everywhere, so the ledger needs no entry).
        await BulkInsert.InsertAsync(db, newSkus.Select(s => new StockItem { SkuId = s.Id, MerchantId = plan.MerchantId }), ct);
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(ct);
        return plan.Creates + plan.Updates;
    }

    private static System.Data.Common.DbParameter Parameter(AppDbContext db, string name, object value)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value;
        return parameter;
    }
}
