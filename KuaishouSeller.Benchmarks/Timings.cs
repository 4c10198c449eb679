using System.Diagnostics;

namespace KuaishouSeller.Benchmarks;

/// <summary>Repeats an operation and reports p50/p95 in milliseconds, after a few unmeasured warm-up runs.</summary>
internal static class Timings
{
    public static async Task<(double P50, double P95)> MeasureAsync(int runs, Func<Task> operation)
    {
        for (var i = 0; i < 3; i++) await operation();
        var samples = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            await operation();
            samples.Add(stopwatch.Elapsed.TotalMilliseconds);
        }
        samples.Sort();
        return (Percentile(samples, 0.50), Percentile(samples, 0.95));
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    public static async Task<(T Result, double Seconds)> TimeAsync<T>(Func<Task<T>> operation)
    {
        var stopwatch = Stopwatch.StartNew();
        var result = await operation();
        return (result, stopwatch.Elapsed.TotalSeconds);
    }
}
