using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using KuaishouSeller.Core.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace KuaishouSeller.Benchmarks;

/// <summary>
/// One measured figure: either a single value (seconds, count, requests per second) or a latency distribution
/// (p50/p95). Every benchmark returns a list of these, so the summary table and the JSON file need no per-benchmark code.
/// </summary>
public sealed record Figure(string Benchmark, string Provider, string Name, string Unit, double? Value = null, double? P50 = null, double? P95 = null)
{
    [JsonIgnore]
    public string Shown => Value is { } v ? Format(v) : $"p50 {Format(P50 ?? 0)} / p95 {Format(P95 ?? 0)}";

    private static string Format(double v) => v.ToString(Math.Abs(v) >= 100 || v == Math.Floor(v) ? "#,0" : "0.0##", CultureInfo.InvariantCulture);
}

/// <summary>
/// A benchmark the runner can call by name. It gets a seeded world (reused across benchmarks by `all`) and returns
/// its figures; it may print progress lines as it goes. To add one: implement this and list it in <see cref="Registry"/>.
/// </summary>
public interface IBenchmark
{
    string Name { get; }
    string Description { get; }
    Task<IReadOnlyList<Figure>> RunAsync(BenchWorld world, BenchOptions options);
}

/// <summary>A migrated, seeded throw-away database and the Core services on it.</summary>
public sealed record BenchWorld(DatabaseProvider Provider, DatabaseOptions Database, ServiceProvider Services, string Size)
{
    public string ProviderName => Provider == DatabaseProvider.Sqlite ? "SQLite" : "PostgreSQL";
}

/// <summary>Collects one benchmark's figures for one provider.</summary>
public sealed class FigureList(string benchmark, BenchWorld world) : List<Figure>
{
    public void Value(string name, string unit, double value) => Add(new(benchmark, world.ProviderName, name, unit, Value: Math.Round(value, 3)));

    /// <summary>A figure, the floor it is measured against (taken beside it, so the ratio holds on a noisy machine) and their ratio.</summary>
    public void Beside(string name, string unit, double value, string floorName, double floor)
    {
        Value(name, unit, value);
        Value(floorName, unit, floor);
        Value($"{name} ÷ {floorName}", "×", floor > 0 ? value / floor : 0);
    }

    public void Latency(string name, (double P50, double P95) ms) =>
        Add(new(benchmark, world.ProviderName, name, "ms", P50: Math.Round(ms.P50, 2), P95: Math.Round(ms.P95, 2)));
}

/// <summary>Prints the figures as one table and writes them as JSON (with the machine they were measured on).</summary>
public static class FigureReport
{
    public static void PrintTable(IReadOnlyList<Figure> figures, TextWriter output)
    {
        if (figures.Count == 0) return;
        var rows = figures.Select(f => (f.Benchmark, f.Provider, f.Name, f.Unit, f.Shown)).ToList();
        int W(Func<(string, string, string, string, string), string> column, string header) => Math.Max(header.Length, rows.Max(r => column(r).Length));
        var widths = new[] { W(r => r.Item1, "benchmark"), W(r => r.Item2, "provider"), W(r => r.Item3, "figure"), W(r => r.Item4, "unit"), W(r => r.Item5, "value") };
        void Line(params string[] cells) => output.WriteLine("| " + string.Join(" | ", cells.Select((c, i) => c.PadRight(widths[i]))) + " |");
        output.WriteLine();
        Line("benchmark", "provider", "figure", "unit", "value");
        Line(widths.Select(w => new string('-', w)).ToArray());
        foreach (var r in rows) Line(r.Benchmark, r.Provider, r.Name, r.Unit, r.Shown);
        output.WriteLine();
    }

    public static async Task WriteJsonAsync(IReadOnlyList<Figure> figures, string path, string size)
    {
        var document = new
        {
            measured_at = DateTimeOffset.UtcNow,
            size,
            machine = new { cores = Environment.ProcessorCount, memory_gib = Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024), 1), os = Environment.OSVersion.VersionString, runtime = Environment.Version.ToString() },
            figures,
        };
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, document, new JsonSerializerOptions
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
    }
}
