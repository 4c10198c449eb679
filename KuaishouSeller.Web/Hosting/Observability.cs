using KuaishouSeller.Core.Common;
using Microsoft.AspNetCore.Components.Server.Circuits;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Quartz.Diagnostics;

namespace KuaishouSeller.Web.Hosting;

/// <summary>
/// OpenTelemetry: traces of requests, EF Core commands, outgoing HTTP and jobs (ours and Quartz's); metrics of request
/// durations, open circuits, job durations, reservations and the scheduler, exported for Prometheus at /metrics. Traces
/// go to an OTLP collector when OTEL_EXPORTER_OTLP_ENDPOINT is set. Log lines carry the trace and span ids (the host's
/// activity tracking, shown with the console's scopes).
/// </summary>
public static class Observability
{
    public const string MetricsPath = "/metrics";

    public static void AddKuaishouTelemetry(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        builder.Logging.AddSimpleConsole(o => o.IncludeScopes = true);
        builder.Services.AddSingleton<CircuitHandler, OpenCircuitsMeter>();
        var allowed = ScrapeAccess.Parse(configuration.GetSection("Metrics:AllowedNetworks").Get<string[]>() ?? []);
        builder.Services.AddSingleton(new ScrapeNetworks(allowed));

        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("kuaishou-seller", serviceInstanceId: $"{Environment.MachineName}:{Environment.ProcessId}"))
            .WithTracing(tracing =>
            {
                tracing
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsOperations(context.Request.Path))
                    .AddHttpClientInstrumentation()
                    .AddEntityFrameworkCoreInstrumentation()
                    .AddSource(AppTelemetry.Name, QuartzInstrumentation.ActivitySourceName);
                if (otlp) tracing.AddOtlpExporter();
            })
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddMeter(AppTelemetry.Name, QuartzInstrumentation.MeterName)
                .AddPrometheusExporter());
    }

    /// <summary>Probes and scrapes are not traced: they would bury the requests people make.</summary>
    private static bool IsOperations(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments(MetricsPath);

    /// <summary>/metrics for allowed callers only; anyone else gets 403 problem details.</summary>
    public static void UseKuaishouMetrics(this IApplicationBuilder app)
    {
        var networks = app.ApplicationServices.GetRequiredService<ScrapeNetworks>().Allowed;
        app.UseWhen(c => c.Request.Path.StartsWithSegments(MetricsPath)
                && !ScrapeAccess.Allows(c.Connection.RemoteIpAddress, c.Request.Headers.ContainsKey("X-Forwarded-For"), networks),
            refused => refused.Run(async context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.Response.WriteAsJsonAsync(new
                {
                    type = "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.4",
                    title = "Forbidden",
                    status = 403,
                    detail = "Metrics answer loopback (and Metrics:AllowedNetworks) only.",
                }, options: null, contentType: "application/problem+json");
            }));
        app.UseOpenTelemetryPrometheusScrapingEndpoint(MetricsPath);
    }

    public sealed record ScrapeNetworks(IReadOnlyCollection<System.Net.IPNetwork> Allowed);

    /// <summary>Counts this node's open circuits into the ks.circuits.open instrument.</summary>
    private sealed class OpenCircuitsMeter : CircuitHandler
    {
        public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            AppTelemetry.OpenCircuits.Add(1);
            return Task.CompletedTask;
        }

        public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            AppTelemetry.OpenCircuits.Add(-1);
            return Task.CompletedTask;
        }
    }
}
