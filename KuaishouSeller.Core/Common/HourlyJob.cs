using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KuaishouSeller.Core.Common;

/// <summary>
/// A background job that runs once shortly after start-up (after migrations and the first seed) and then every hour,
/// each run in its own service scope; a failed run is logged and tried again at the next hour.
/// </summary>
public abstract class HourlyJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger log, TimeSpan firstDelay) : BackgroundService
{
    protected TimeProvider Clock => clock;
    protected ILogger Log => log;

    protected abstract string What { get; }

    protected abstract Task RunOnceAsync(IServiceProvider services, CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try { await Task.Delay(firstDelay, clock, stoppingToken); } catch (OperationCanceledException) { return; }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var scope = scopes.CreateScope();
                await RunOnceAsync(scope.ServiceProvider, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "{What} failed; trying again in an hour", What);
            }
            try { await Task.Delay(TimeSpan.FromHours(1), clock, stoppingToken); } catch (OperationCanceledException) { return; }
        }
    }
}
