using System.Globalization;
using KuaishouSeller.Core.Persistence;

namespace KuaishouSeller.Benchmarks;

/// <summary>
/// The runner's options. The common ones have properties; anything else (`--units 1000`, `--pages 50`) is a setting a
/// benchmark reads with a default, so a new benchmark needs no parser change.
/// </summary>
public sealed record BenchOptions(string Command, string Size, int Runs, DatabaseProvider[] Providers, string JsonPath, IReadOnlyDictionary<string, string> Settings)
{
    public int Int(string name, int fallback) =>
        Settings.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public static BenchOptions? Parse(string[] args)
    {
        if (args.Length == 0 || args.Length % 2 == 0) return null;
        string size = "large", json = "bench-results.json";
        var runs = 50;
        DatabaseProvider[] providers = [DatabaseProvider.Sqlite, DatabaseProvider.Postgres];
        var settings = new Dictionary<string, string>();
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            var (name, value) = (args[i], args[i + 1]);
            if (!name.StartsWith("--", StringComparison.Ordinal)) return null;
            switch (name)
            {
                case "--size" when value is "large" or "demo": size = value; break;
                case "--runs": runs = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--json": json = value; break;
                case "--provider":
                    providers = value switch
                    {
                        "sqlite" => [DatabaseProvider.Sqlite],
                        "postgres" => [DatabaseProvider.Postgres],
                        "both" => providers,
                        _ => [],
                    };
                    if (providers.Length == 0) return null;
                    break;
                case "--size": return null;
                default: settings[name[2..]] = value; break;
            }
        }
        return new BenchOptions(args[0], size, runs, providers, json, settings);
    }
}
