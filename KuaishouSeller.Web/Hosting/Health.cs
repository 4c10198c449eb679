using System.Text.Json;
using KuaishouSeller.Core.Jobs;
using KuaishouSeller.Core.Persistence;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KuaishouSeller.Web.Hosting;

/// <summary>
/// /health/live: the process answers (a restart is the cure when it does not). /health/ready: this node can serve —
/// the database answers, every migration is applied, the scheduler runs. A proxy sends traffic only to ready nodes.
/// </summary>
public static class Health
{
    public const string LivePath = "/health/live", ReadyPath = "/health/ready";
    private const string Ready = "ready";

    public static void AddKuaishouHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseGateCheck>("database-open", tags: [Ready])
            .AddDbContextCheck<AppDbContext>("database", tags: [Ready])
            .AddCheck<MigrationsCheck>("migrations", tags: [Ready])
            .AddCheck<SchedulerCheck>("scheduler", tags: [Ready]);
        services.AddSingleton<MigrationsCheck>();
    }

    /// <summary>Before everything else, so a probe is never redirected, rendered as a page or stopped by the database gate.</summary>
    public static void UseKuaishouHealth(this IApplicationBuilder app)
    {
        app.UseHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.UseHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteAsync });
    }

    /// <summary>Status and each check's name, status and a short description (never a connection string or an exception's detail).</summary>
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(e => new { name = e.Key, status = e.Value.Status.ToString(), description = e.Value.Description }),
        }));
    }

    private sealed class DatabaseGateCheck(DatabaseGate gate) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(gate.Health.IsReady ? HealthCheckResult.Healthy("opened and migrated at start-up") : HealthCheckResult.Unhealthy("not opened: see the log"));
    }

    /// <summary>Every migration of this build is applied (once true it stays true, so later probes cost nothing).</summary>
    public sealed class MigrationsCheck(IDbContextFactory<AppDbContext> contexts) : IHealthCheck
    {
        private volatile bool _applied;

        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            if (_applied) return HealthCheckResult.Healthy("all applied");
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            _applied = pending.Count == 0;
            return _applied ? HealthCheckResult.Healthy("all applied") : HealthCheckResult.Unhealthy($"{pending.Count} pending, first {pending[0]}");
        }
    }

    private sealed class SchedulerCheck(SchedulerState state, JobOptions options) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(!options.Enabled ? HealthCheckResult.Healthy("disabled on this node")
                : state.Started ? HealthCheckResult.Healthy($"running as {state.InstanceId}")
                : HealthCheckResult.Unhealthy("not started: " + (state.Problem ?? "starting")));
    }
}
