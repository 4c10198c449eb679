using System.Diagnostics;
using KuaishouSeller.Core.DemoWorld;
using Microsoft.Playwright;

namespace KuaishouSeller.Benchmarks.Circuits;

/// <summary>
/// Many signed-in headless Chromium pages, each holding a Blazor circuit on the stock page of one server: the server's
/// memory per circuit (GC heap and working set, before and after), and how long a click on the table's pager takes until
/// the new rows show — one page at a time, and all pages at once. Then the heap per circuit of every other page that lists
/// many rows (<see cref="Probes"/>), each measured on its own set of open pages.
/// </summary>
public sealed class CircuitBenchmark : IBenchmark
{
    private const string ChromiumPath = "/usr/bin/chromium";
    /// <summary>Server heap one open page may hold: Microsoft's published Blazor Server capacity is about 0.27–0.7 MB per circuit.</summary>
    private const double TargetKbPerCircuit = 1024;
    private const string Table = "[data-testid=stock-table] tbody";
    private const string PreviousPage = "[data-testid=stock-table] [data-testid=prev-page]";
    private const string NextPage = "[data-testid=stock-table] [data-testid=next-page]";

    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    public string Name => "circuits";
    public string Description => "N signed-in Chromium pages on one Kestrel server: memory per circuit, click-to-new-rows latency, heap per circuit of each long list (--pages 50 --interactions 40 --probe-pages 20)";

    /// <summary>
    /// A page that lists many rows: who opens it, where, and what shows once its rows are rendered. A page that needs
    /// something made first (the wizard needs a draft) has <paramref name="Prepare"/>: it makes it through the UI in a
    /// signed-in tab and returns the path to open, or null with the reason printed.
    /// </summary>
    private sealed record Probe(string Name, string Login, string Path, string Rows, string? Click = null, Func<IPage, Task<string?>>? Prepare = null);

    private static readonly Probe[] Probes =
    [
        // The shell alone (app bar, drawer, providers) on a page with a few buttons and no list: what every other page starts from.
        new("shell (settings)", "owner@demo.ks", "/settings", "[data-testid=lang-zh]"),
        // The stock page again, on its own set of tabs: a second sample of the main figure (10 circuits move it by ±100 KB).
        new("stock", "owner@demo.ks", "/inventory", "[data-testid=stock-table] tbody tr"),
        new("catalog SKUs", "owner@demo.ks", "/catalog", "[data-testid=sku-table] tbody tr"),
        new("product cards", "owner@demo.ks", "/catalog", "[data-testid=product-cards] [data-testid=product-card]", Click: "text=店铺商品卡"),
        new("review queue", "reviewer@demo.ks", "/campaigns/review", "[data-testid=review-queue] tbody tr"),
        new("orders", "owner@demo.ks", "/orders", "[data-testid=orders-table] tbody tr[data-testid=order-row]"),
        new("after-sales", "owner@demo.ks", "/after-sales", "[data-testid=aftersale-table] tbody tr"),
        new("registration wizard rows", "owner@demo.ks", "/campaigns/register/{batch}", "[data-testid=batch-rows] tbody tr", Prepare: StartDraftAsync),
    ];

    /// <summary>
    /// A registration draft of the owner's first shop with every product the plan lets in, made through the wizard as a
    /// merchant makes it (the demo world seeds no draft): the first campaign open for registration, its first plan for
    /// goods (a shop to choose, not a creator account). The path of its rows step, or null with the reason printed when
    /// no campaign takes a registration at the benchmark's date.
    /// </summary>
    private static async Task<string?> StartDraftAsync(IPage page)
    {
        await page.GotoAsync("/campaigns");
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        var campaigns = await page.Locator("[data-testid=open-campaign]").CountAsync();
        for (var c = 0; c < campaigns; c++)
        {
            await page.GotoAsync("/campaigns");
            await page.Locator("[data-circuit=ready]").WaitForAsync();
            await page.Locator("[data-testid=open-campaign]").Nth(c).ClickAsync();
            await page.WaitForURLAsync("**/campaigns/*");
            await page.Locator("[data-circuit=ready]").WaitForAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            var plan = page.Locator("[data-testid=plan-card]", new() { Has = page.Locator("[data-testid=choose-shop]") })
                .Filter(new() { Has = page.Locator("[data-testid=start-registration]:enabled") });
            if (await plan.CountAsync() == 0) continue;
            await plan.First.Locator("[data-testid=start-registration]").ClickAsync();
            await page.WaitForURLAsync("**/campaigns/register/*");
            var path = new Uri(page.Url).AbsolutePath;
            await page.ClickAsync("[data-testid=next]");
            // "Add all" is enabled once the picker has counted what the plan lets in (none: it stays disabled).
            var addAll = page.Locator("[data-testid=add-all]:enabled");
            try
            {
                await addAll.WaitForAsync(new() { Timeout = 15_000 });
            }
            catch (TimeoutException)
            {
                Console.WriteLine($"circuits: registration wizard rows skipped: the plan at {path} lets no product of the owner's shop in");
                return null;
            }
            await addAll.ClickAsync();
            await page.Locator("[data-testid=goods-picker]", new() { HasText = "已加入" }).First.WaitForAsync();
            await page.ClickAsync("[data-testid=next]"); // the rows step, saved with the draft: the path opens on it
            await page.Locator("[data-testid=batch-rows] tbody tr").First.WaitForAsync();
            return path;
        }
        Console.WriteLine("circuits: registration wizard rows skipped: no campaign takes a goods registration from the owner at the benchmark's date");
        return null;
    }

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchWorld world, BenchOptions options)
    {
        int pageCount = options.Int("pages", 50), interactions = options.Int("interactions", 40);
        var figures = new FigureList(Name, world);
        await using var server = await WebServer.StartAsync(world.Database);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true, Args = ChromiumArgs });

        // Sign in once through the real form; every page reuses that cookie, like tabs of one browser. The first page
        // also warms the server up (JIT, EF query caches) before the baseline is taken.
        var signIn = await NewContextAsync(browser, server.RootUri, null);
        var warmUp = await signIn.NewPageAsync();
        await warmUp.GotoAsync("/Account/Login");
        await warmUp.FillAsync("#Input\\.Email", "owner@demo.ks");
        await warmUp.FillAsync("#Input\\.Password", DemoWorldSeeder.DemoPassword);
        await warmUp.ClickAsync("[data-testid=login-submit]");
        await warmUp.WaitForURLAsync(url => !url.Contains("/Account/Login"));
        var cookies = await signIn.StorageStateAsync();
        await OpenStockPageAsync(warmUp);
        for (var i = 0; i < 4; i++) await TurnPageAsync(warmUp);
        await warmUp.CloseAsync(new PageCloseOptions { RunBeforeUnload = true });
        await signIn.CloseAsync();
        await WaitUntilAsync(() => server.Circuits.Open == 0, TimeSpan.FromSeconds(10));

        var before = Memory();
        var pages = new IPage[pageCount];
        var opening = Stopwatch.StartNew();
        // A few at a time: 2 cores serve the server and Chromium both.
        await Parallel.ForEachAsync(Enumerable.Range(0, pageCount), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            var context = await NewContextAsync(browser, server.RootUri, cookies);
            pages[i] = await context.NewPageAsync();
            await OpenStockPageAsync(pages[i]);
        });
        await WaitUntilAsync(() => server.Circuits.Open >= pageCount, TimeSpan.FromSeconds(30));
        var after = Memory();
        var open = server.Circuits.Open;
        Console.WriteLine($"{world.Provider,-8} circuits: {open} open after {opening.Elapsed.TotalSeconds:0.0} s; GC heap {before.HeapMb:0.0} -> {after.HeapMb:0.0} MB, " +
                          $"working set {before.WorkingSetMb:0.0} -> {after.WorkingSetMb:0.0} MB");
        figures.Value("circuits open", "count", open);
        figures.Value("GC heap per circuit", "KB", (after.HeapMb - before.HeapMb) * 1024 / open);
        figures.Value("working set per circuit", "KB", (after.WorkingSetMb - before.WorkingSetMb) * 1024 / open);
        figures.Value($"server GC heap with {open} circuits", "MB", after.HeapMb);
        figures.Value($"server working set with {open} circuits", "MB", after.WorkingSetMb);

        // One click at a time while the other circuits stay open, then every page clicking at once.
        var alone = new List<double?>();
        for (var i = 0; i < interactions; i++) alone.Add(await TurnPageAsync(pages[i % pageCount]));
        var together = new List<double?>();
        for (var round = 0; round < 3; round++)
            together.AddRange(await Task.WhenAll(pages.Select(TurnPageAsync)));
        figures.Value("clicks with no new rows within 30 s", "count", alone.Concat(together).Count(ms => ms is null));
        var (aloneP50, aloneP95) = (Percentile(alone, 0.5), Percentile(alone, 0.95));
        var (togetherP50, togetherP95) = (Percentile(together, 0.5), Percentile(together, 0.95));
        Console.WriteLine($"{world.Provider,-8} turn the table page until new rows show: one tab at a time p50 {aloneP50:0} ms p95 {aloneP95:0} ms; " +
                          $"all {pageCount} pages at once p50 {togetherP50:0} ms p95 {togetherP95:0} ms");
        figures.Latency($"next page click to new rows, one tab at a time ({pageCount} open)", (aloneP50, aloneP95));
        figures.Latency($"next page click to new rows, {pageCount} tabs at once", (togetherP50, togetherP95));
        await Task.WhenAll(pages.Select(p => p.Context.CloseAsync()));
        await WaitUntilAsync(() => server.Circuits.Open == 0, TimeSpan.FromSeconds(30));

        var probePages = options.Int("probe-pages", 20);
        var only = options.Settings.GetValueOrDefault("probe");
        var hold = TimeSpan.FromSeconds(options.Int("hold", 0));
        var rounds = Math.Max(1, options.Int("rounds", 3));
        foreach (var probe in Probes.Where(p => only is null || p.Name.Contains(only, StringComparison.OrdinalIgnoreCase)))
        {
            try
            {
                await MeasureAsync(browser, server, probe, probePages, rounds, hold, figures);
            }
            catch (Exception e) when (e is TimeoutException or PlaywrightException)
            {
                // One page that cannot be measured on this world (a list with no rows: nothing to review yet, say) keeps
                // the figures of the others.
                Console.WriteLine($"circuits: {probe.Name} ({probe.Path}) not measured: {e.Message.Split('\n')[0]}");
                figures.Value($"GC heap per circuit, {probe.Name}: not measured", "count", 0);
            }
        }
        return figures;
    }

    /// <summary>
    /// The heap a circuit of one page holds: the same page opened <paramref name="count"/> times, measured before and
    /// after, in <paramref name="rounds"/> rounds (tabs closed in between); the figure is the median round, since one
    /// round on a shared machine can carry a one-off growth of the server or miss a collection of the last round's tabs.
    /// </summary>
    /// <remarks>
    /// <c>--hold 60</c> keeps the last round's pages open that long after the figure, for a heap snapshot of this process
    /// (<c>dotnet-gcdump collect -p PID</c>) that shows which types the circuits hold; <c>--probe orders</c> measures only
    /// the probes whose name holds the word; <c>--rounds 1</c> is quicker and noisier.
    /// </remarks>
    private static async Task MeasureAsync(IBrowser browser, WebServer server, Probe probe, int count, int rounds, TimeSpan hold, FigureList figures)
    {
        var cookies = await SignInAsync(browser, server.RootUri, probe.Login);
        var warm = await (await NewContextAsync(browser, server.RootUri, cookies)).NewPageAsync();
        if (probe.Prepare is not null)
        {
            var path = await probe.Prepare(warm);
            if (path is null)
            {
                await warm.Context.CloseAsync();
                return;
            }
            probe = probe with { Path = path };
        }
        await OpenAsync(warm, probe);
        await warm.Context.CloseAsync();
        await WaitUntilAsync(() => server.Circuits.Open == 0, TimeSpan.FromSeconds(30));

        var perRound = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            // A circuit of the last probe that the server has not let go yet is in "before" already: it is not counted again.
            var openBefore = server.Circuits.Open;
            var before = Memory();
            var pages = new IPage[count];
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
            {
                pages[i] = await (await NewContextAsync(browser, server.RootUri, cookies)).NewPageAsync();
                await OpenAsync(pages[i], probe);
            });
            await WaitUntilAsync(() => server.Circuits.Open >= openBefore + count, TimeSpan.FromSeconds(30));
            var after = Memory();
            var open = Math.Max(1, server.Circuits.Open - openBefore);
            perRound.Add((after.HeapMb - before.HeapMb) * 1024 / open);
            if (round == rounds && hold > TimeSpan.Zero)
            {
                Console.WriteLine($"circuits: {probe.Name}: {open} pages held open {hold.TotalSeconds:0} s for a heap snapshot of process {Environment.ProcessId}");
                await Task.Delay(hold);
            }
            await Task.WhenAll(pages.Select(p => p.Context.CloseAsync()));
            await WaitUntilAsync(() => server.Circuits.Open == 0, TimeSpan.FromSeconds(30));
        }
        var sorted = perRound.Order().ToList();
        var median = sorted[sorted.Count / 2];
        Console.WriteLine($"circuits: {probe.Name} ({probe.Path}): {count} tabs × {rounds} rounds, KB per circuit {string.Join(" / ", perRound.Select(k => k.ToString("0")))}, median {median:0}");
        figures.Beside($"GC heap per circuit, {probe.Name}", "KB", median, "target", TargetKbPerCircuit);
    }

    private static async Task<string> SignInAsync(IBrowser browser, string rootUri, string email)
    {
        var context = await NewContextAsync(browser, rootUri, null);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("#Input\\.Email", email);
        await page.FillAsync("#Input\\.Password", DemoWorldSeeder.DemoPassword);
        await page.ClickAsync("[data-testid=login-submit]");
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login"));
        var state = await context.StorageStateAsync();
        await context.CloseAsync();
        return state;
    }

    private static async Task OpenAsync(IPage page, Probe probe)
    {
        await page.GotoAsync(probe.Path);
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        if (probe.Click is not null) await page.ClickAsync(probe.Click);
        await page.Locator(probe.Rows).First.WaitForAsync();
    }

    private static async Task<IBrowserContext> NewContextAsync(IBrowser browser, string rootUri, string? storageState)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = rootUri, StorageState = storageState, Locale = "zh-CN", TimezoneId = "Asia/Shanghai",
            ViewportSize = new ViewportSize { Width = 1366, Height = 860 },
        });
        context.SetDefaultTimeout(60_000);
        return context;
    }

    private static async Task OpenStockPageAsync(IPage page)
    {
        await page.GotoAsync("/inventory");
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        await page.Locator($"{Table} tr").First.WaitForAsync();
    }

    /// <summary>
    /// Turns the stock table to its next page (or back to the first) with the pager and returns the milliseconds until
    /// the rows change: one server round trip with a database query and a render batch of 50 rows.
    /// </summary>
    private static async Task<double?> TurnPageAsync(IPage page)
    {
        var before = await page.InnerTextAsync(Table);
        var onFirstPage = await page.Locator(PreviousPage).IsDisabledAsync(new LocatorIsDisabledOptions { Timeout = 30_000 });
        var stopwatch = Stopwatch.StartNew();
        try
        {
            // A dropped circuit shows the reconnect dialog over the page, so the click itself can time out too.
            await page.Locator(onFirstPage ? NextPage : PreviousPage).ClickAsync(new LocatorClickOptions { Timeout = 30_000 });
            await page.WaitForFunctionAsync("([selector, before]) => { const t = document.querySelector(selector); return t && t.innerText !== before; }",
                new[] { Table, before }, new PageWaitForFunctionOptions { PollingInterval = 5, Timeout = 30_000 });
        }
        catch (TimeoutException)
        {
            return null; // counted as unanswered: an overloaded machine must not lose the other figures
        }
        return stopwatch.Elapsed.TotalMilliseconds;
    }

    private static (double HeapMb, double WorkingSetMb) Memory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        return (heap / 1048576.0, process.WorkingSet64 / 1048576.0);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan limit)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!condition() && stopwatch.Elapsed < limit) await Task.Delay(100);
    }

    private static double Percentile(List<double?> samples, double p)
    {
        var sorted = samples.OfType<double>().Order().ToList();
        if (sorted.Count == 0) return double.NaN;
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }
}
