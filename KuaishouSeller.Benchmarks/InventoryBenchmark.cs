using System.Globalization;
using System.Text;
using KuaishouSeller.Core;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Inventory;
using KuaishouSeller.Core.Organisations;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Transfer;
using KuaishouSeller.Core.Workspace;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KuaishouSeller.Benchmarks;

/// <summary>
/// The inventory figures on a seeded world: importing N new SKUs, a stocktake and a price list of N rows (preview and
/// apply), the ledger check, and the stock page's first render (its server-side calls) over the merchant's SKUs.
/// </summary>
public sealed class InventoryBenchmark : IBenchmark
{
    /// <summary>Every stock page view, deep pages and sorts included, answers within this (issue: PostgreSQL deep pages in milliseconds).</summary>
    private const double StockPageTargetMs = 50;

    public string Name => "inventory";
    public string Description => "100k-row imports (catalog, stocktake, price list), the ledger check and the stock page (--rows 100000)";

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchWorld world, BenchOptions options)
    {
        var (provider, database, services) = (world.Provider, world.Database, world.Services);
        var figures = new FigureList(Name, world);
        using var scope = services.CreateScope();
        var imports = scope.ServiceProvider.GetRequiredService<ImportService>();
        var stock = scope.ServiceProvider.GetRequiredService<StockService>();
        var views = scope.ServiceProvider.GetRequiredService<StockQueries>();
        string owner, category;
        long merchant;
        await using (var db = DatabaseSetup.CreateContext(database))
        {
            merchant = await db.Organisations.Where(o => o.Kind == OrganisationKind.Merchant).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
            owner = await db.Users.Where(u => u.Email == "owner@demo.ks").Select(u => u.Id).SingleAsync();
            category = await db.Categories.Where(c => c.ParentId != null).OrderBy(c => c.Id).Select(c => c.Code).FirstAsync();
        }
        await scope.ServiceProvider.GetRequiredService<WorkspaceService>().SwitchAsync(owner, merchant, null);

        var n = options.Int("rows", 100_000);
        var catalog = Csv("spu_code,title,category,sku_code,attributes,list_price,cost", n,
            i => $"BENCH-SPU-{i / 4:D6},压测商品 {i / 4},{category},BENCH-{i:D6},规格:{i % 4},{99 + i % 50}.90,{40 + i % 30}");
        await ImportAsync("catalog (new SKUs)", ImportKind.Catalog, StockImportMode.SetOnHand, catalog, "catalog");
        var counted = Csv("sku_code,quantity,reason", n, i => $"BENCH-{i:D6},{100 + i % 500},压测盘点");
        await ImportAsync("stocktake", ImportKind.Stock, StockImportMode.SetOnHand, counted, "stock");
        var prices = Csv("sku_code,shop,price", n, i => $"BENCH-{i:D6},,{120 + i % 70}.00");
        await ImportAsync("price list", ImportKind.Prices, StockImportMode.SetOnHand, prices, "prices");

        var (mismatches, checkSeconds) = await Timings.TimeAsync(() => stock.LedgerMismatchesAsync(merchant));
        Console.WriteLine($"{provider,-8} ledger check over the merchant's SKUs: {mismatches.Count} mismatches in {checkSeconds:0.00} s");
        figures.Value("ledger mismatches after the imports", "count", mismatches.Count);
        figures.Value("ledger check over the merchant's SKUs", "s", checkSeconds);

        var summary = await views.SummaryAsync(owner);
        Console.WriteLine($"{provider,-8} stock page over {summary.Skus:N0} SKUs of one merchant ({options.Runs} runs each, server time of the data calls of opening the page, then of each click):");
        figures.Value("stock page: SKUs of the merchant", "count", summary.Skus);
        // Opening the page reads the headline figures and the first rows; a sort, a filter or a jump to a page then
        // reads the rows alone (Stock.razor), so only the first render carries the summary.
        async Task PageAsync(string name, StockFilter filter, int page = 0)
        {
            var opening = name == "first render";
            var (p50, p95) = await Timings.MeasureAsync(options.Runs, async () =>
            {
                if (opening) await views.SummaryAsync(owner);
                await views.ListAsync(owner, filter, new PageRequest(page, 50));
            });
            Console.WriteLine($"{provider,-8}   {name,-28} p50 {p50,7:0.0} ms   p95 {p95,7:0.0} ms");
            figures.Latency($"stock page data, {name}", (p50, p95));
            figures.Beside($"stock page data, {name}: p95", "ms", p95, "target p95", StockPageTargetMs);
        }
        await PageAsync("first render", new StockFilter());
        await PageAsync("sorted by available", new StockFilter(Sort: StockSort.Available, Descending: true));
        await PageAsync("search", new StockFilter(Search: "BENCH-0999"));
        await PageAsync("alerts only", new StockFilter(LowOnly: true));
        await PageAsync("page 1000", new StockFilter(), page: 999);

        async Task ImportAsync(string name, ImportKind kind, StockImportMode mode, byte[] file, string key)
        {
            var (plan, previewSeconds) = await Timings.TimeAsync(() => imports.PreviewAsync(owner, kind, mode, file, $"{key}.csv"));
            if (!plan.CanApply) throw new InvalidOperationException($"{name}: {plan.Issues.Count} problems, first: {plan.Issues.FirstOrDefault()?.Message.En}");
            var (result, applySeconds) = await Timings.TimeAsync(() => imports.ApplyAsync(owner, plan));
            Console.WriteLine($"{provider,-8} import {name,-20} {n:N0} rows: preview {previewSeconds:0.00} s + apply {applySeconds:0.00} s = {previewSeconds + applySeconds:0.00} s ({result.Changed:N0} changes)");
            figures.Value($"import {name}, {n:N0} rows: preview", "s", previewSeconds);
            figures.Value($"import {name}, {n:N0} rows: apply", "s", applySeconds);
        }
        return figures;
    }

    private static byte[] Csv(string header, int rows, Func<int, string> line)
    {
        var text = new StringBuilder(header).Append('\n');
        for (var i = 0; i < rows; i++) text.Append(line(i)).Append('\n');
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
