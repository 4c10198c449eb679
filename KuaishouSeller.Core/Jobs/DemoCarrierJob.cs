using KuaishouSeller.Core.Orders;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Quartz;

namespace KuaishouSeller.Core.Jobs;

/// <summary>The demo world's carriers scan shipped parcels (picked up, delivered) every ten minutes.</summary>
[DisallowConcurrentExecution]
public sealed class DemoCarrierJob(IServiceProvider services, IConfiguration configuration, JobRunStore runs, TimeProvider clock, ILogger<DemoCarrierJob> log)
    : TrackedJob(runs, clock, log)
{
    protected override string DefaultKind => JobKinds.DemoCarrierScans;

    protected override async Task<object> RunAsync(JobRun run, RunProgress progress, CancellationToken ct)
    {
        if (!DemoCarrierSimulator.Enabled(configuration)) return new { pickedUp = 0, delivered = 0 };
        progress.Report(new("扫描中", "Scanning"), 0, 1);
        var report = await DemoCarrierSimulator.RunAsync(services, ct);
        return new { pickedUp = report.PickedUp, delivered = report.Delivered };
    }
}
