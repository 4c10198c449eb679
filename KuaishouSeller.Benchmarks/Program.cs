using System.Globalization;
using KuaishouSeller.Benchmarks;
using KuaishouSeller.Core.Persistence;

// Benchmarks print figures; they never pass or fail on timing.
//   dotnet run -c Release --project KuaishouSeller.Benchmarks -- reservations [--units 1000] [--attempts 10000] [--workers 32] [--provider sqlite|postgres|both]
//   dotnet run -c Release --project KuaishouSeller.Benchmarks -- inventory [--size large|demo] [--rows 100000] [--runs 50] [--provider sqlite|postgres|both]
//   dotnet run -c Release --project KuaishouSeller.Benchmarks -- dashboard [--size large|demo] [--runs 50] [--provider sqlite|postgres|both]
//   dotnet run -c Release --project KuaishouSeller.Benchmarks -- scores [--size large|demo] [--runs 50] [--provider sqlite|postgres|both]
//   dotnet run -c Release --project KuaishouSeller.Benchmarks -- campaigns [--size large|demo] [--rows 1000] [--runs 50] [--provider sqlite|postgres|both]
// PostgreSQL: KS_BENCH_POSTGRES (admin connection string), default Host=127.0.0.1;Username=postgres;Password=postgres.
var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("Usage: reservations|inventory|scores|dashboard|campaigns [--units N] [--attempts N] [--workers N] [--size large|demo] [--rows N] [--runs N] [--provider sqlite|postgres|both]");
    return 2;
}
foreach (var provider in options.Providers)
{
    if (options.Command == "reservations") await ReservationBenchmark.RunAsync(provider, options);
    else if (options.Command == "scores") await ScoreBenchmark.RunAsync(provider, options);
    else if (options.Command == "dashboard") await DashboardBenchmark.RunAsync(provider, options);
    else if (options.Command == "campaigns") await CampaignBenchmark.RunAsync(provider, options);
    else await InventoryBenchmark.RunAsync(provider, options);
}
return 0;

namespace KuaishouSeller.Benchmarks
{
    internal sealed record BenchOptions(string Command, int Units, int Attempts, int Workers, string Size, int Rows, int Runs, DatabaseProvider[] Providers)
    {
        public static BenchOptions? Parse(string[] args)
        {
            if (args.Length == 0 || args[0] is not ("reservations" or "inventory" or "scores" or "dashboard" or "campaigns")) return null;
            int units = 1000, attempts = 10_000, workers = 32, rows = args[0] == "campaigns" ? 1_000 : 100_000, runs = 50;
            var size = "large";
            var providers = new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres };
            for (var i = 1; i + 1 < args.Length; i += 2)
            {
                var value = args[i + 1];
                switch (args[i])
                {
                    case "--units": units = int.Parse(value, CultureInfo.InvariantCulture); break;
                    case "--attempts": attempts = int.Parse(value, CultureInfo.InvariantCulture); break;
                    case "--workers": workers = int.Parse(value, CultureInfo.InvariantCulture); break;
                    case "--rows": rows = int.Parse(value, CultureInfo.InvariantCulture); break;
                    case "--runs": runs = int.Parse(value, CultureInfo.InvariantCulture); break;
                    case "--size": size = value; break;
                    case "--provider":
                        providers = value switch
                        {
                            "sqlite" => [DatabaseProvider.Sqlite],
                            "postgres" => [DatabaseProvider.Postgres],
                            _ => providers,
                        };
                        break;
                    default: return null;
                }
            }
            return new BenchOptions(args[0], units, attempts, workers, size, rows, runs, providers);
        }
    }
}
