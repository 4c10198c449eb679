using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace KuaishouSeller.Core.Common;

/// <summary>
/// The app's own spans and instruments, named once. The web host subscribes to <see cref="Name"/> for traces and metrics
/// (OpenTelemetry, exported at /metrics); without a listener every call here costs next to nothing.
/// </summary>
public static class AppTelemetry
{
    public const string Name = "KuaishouSeller";

    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);

    /// <summary>How long each job run took, by job kind and outcome (succeeded, failed, skipped).</summary>
    public static readonly Histogram<double> JobDuration = Meter.CreateHistogram<double>("ks.job.duration", "s", "Duration of background job runs");

    /// <summary>Stock reservations attempted, by outcome (reserved, not_enough_stock, unknown_sku).</summary>
    public static readonly Counter<long> Reservations = Meter.CreateCounter<long>("ks.stock.reservations", "{reservation}", "Stock reservations by outcome");

    /// <summary>Blazor circuits open on this node right now.</summary>
    public static readonly UpDownCounter<long> OpenCircuits = Meter.CreateUpDownCounter<long>("ks.circuits.open", "{circuit}", "Open Blazor circuits");
}
