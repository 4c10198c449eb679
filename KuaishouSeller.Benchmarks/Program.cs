using KuaishouSeller.Benchmarks;

// Benchmarks print figures; they never pass or fail on timing.
//   dotnet run -c Release --project KuaishouSeller.Benchmarks -- all [--size large|demo] [--runs N] [--provider sqlite|postgres|both] [--json bench-results.json]
//   dotnet run -c Release --project KuaishouSeller.Benchmarks -- <name> [same options] [benchmark settings such as --units 1000 --pages 50]
// One world is seeded per provider and reused by every benchmark of the run; the summary table and the JSON file hold
// every figure. PostgreSQL: KS_BENCH_POSTGRES (admin connection string), default Host=127.0.0.1;Username=postgres;Password=postgres.
var options = BenchOptions.Parse(args);
var chosen = options is null ? null
    : options.Command == "all" ? Registry.All
    : Registry.All.Where(b => b.Name == options.Command).ToList();
if (options is null || chosen is not { Count: > 0 })
{
    Console.Error.WriteLine("Usage: all|" + string.Join("|", Registry.All.Select(b => b.Name)) +
                            " [--size large|demo] [--runs N] [--provider sqlite|postgres|both] [--json path] [--keep folder] [--<setting> value ...]");
    foreach (var benchmark in Registry.All) Console.Error.WriteLine($"  {benchmark.Name,-13} {benchmark.Description}");
    return 2;
}

var figures = new List<Figure>();
var failed = false;
foreach (var provider in options.Providers)
{
    var (world, cleanup) = await BenchDatabase.SeededAsync(provider, options.Size, options.Settings.GetValueOrDefault("keep"));
    try
    {
        foreach (var benchmark in chosen)
        {
            // One failing benchmark must not lose the figures of the others.
            try
            {
                figures.AddRange(await benchmark.RunAsync(world, options));
            }
            catch (Exception e)
            {
                failed = true;
                Console.Error.WriteLine($"{world.ProviderName} {benchmark.Name} failed: {e}");
            }
        }
    }
    finally
    {
        await cleanup();
    }
}
FigureReport.PrintTable(figures, Console.Out);
await FigureReport.WriteJsonAsync(figures, options.JsonPath, options.Size);
Console.WriteLine($"{figures.Count} figures written to {Path.GetFullPath(options.JsonPath)}");
return failed ? 1 : 0;
