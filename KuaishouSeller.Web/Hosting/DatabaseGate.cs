using System.Net;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Persistence;

namespace KuaishouSeller.Web.Hosting;

/// <summary>
/// Remembers whether the database could be opened. While it cannot, every page answers with one
/// clear message instead of failing on the first query; the check is retried now and then so the
/// app recovers by itself once PostgreSQL is reachable again.
/// </summary>
public sealed class DatabaseGate(DatabaseOptions options, DatabaseHealth? configurationProblem)
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(15);
    private readonly SemaphoreSlim _lock = new(1, 1);
    private DateTime _lastCheckUtc = DateTime.MinValue;

    public DatabaseOptions Options { get; } = options;
    public DatabaseHealth Health { get; private set; } = configurationProblem ?? DatabaseHealth.Failed("Not checked yet.");

    public async Task<DatabaseHealth> CheckAsync(ILogger logger, CancellationToken ct = default)
    {
        if (configurationProblem is not null)
        {
            logger.LogError("Database unavailable: {Problem}", configurationProblem.OperatorMessage);
            return Health;
        }
        await _lock.WaitAsync(ct);
        try
        {
            _lastCheckUtc = DateTime.UtcNow;
            Health = await DatabaseInitializer.InitializeAsync(Options, logger, ct);
            return Health;
        }
        finally
        {
            _lock.Release();
        }
    }

    public bool ShouldRetry => configurationProblem is null && !Health.IsReady && DateTime.UtcNow - _lastCheckUtc > RetryInterval;
}

public sealed class DatabaseGateMiddleware(RequestDelegate next, DatabaseGate gate, ILogger<DatabaseGateMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!gate.Health.IsReady && gate.ShouldRetry)
            await gate.CheckAsync(logger, context.RequestAborted);
        if (!gate.Health.IsReady && !IsStaticAsset(context.Request.Path))
        {
            await WriteUnavailableAsync(context, gate.Health.UserMessage!.Value);
            return;
        }
        try
        {
            await next(context);
        }
        catch (Exception e) when (DatabaseOutage.IsOutage(e) && !context.Response.HasStarted)
        {
            // Lost after start-up: this request gets the same clear page; the next one tries the database again.
            logger.LogWarning("Database unavailable while serving {Path}: {Problem}", context.Request.Path.Value, e.GetBaseException().Message);
            DatabaseOutage.ResetConnections(gate.Options, e);
            context.Response.Clear();
            await WriteUnavailableAsync(context, DatabaseOutage.MessageFor(e));
        }
    }

    private static async Task WriteUnavailableAsync(HttpContext context, Bilingual message)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.RetryAfter = "15";
        await context.Response.WriteAsync($$"""
            <!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>快手商家后台 KuaishouSeller</title>
            <style>body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;background:#f5f5f5;display:flex;align-items:center;justify-content:center;height:100vh;margin:0}
            main{background:#fff;padding:2rem 2.5rem;border-radius:8px;box-shadow:0 2px 8px rgba(0,0,0,.1);max-width:36rem}h1{color:#fe3666;font-size:1.4rem}</style></head>
            <body><main role="alert"><h1>服务暂不可用 · Service unavailable</h1>
            <p>{{WebUtility.HtmlEncode(message.Zh)}}</p><p lang="en">{{WebUtility.HtmlEncode(message.En)}}</p></main></body></html>
            """);
    }

    private static bool IsStaticAsset(PathString path) =>
        path.StartsWithSegments("/_content") || path.StartsWithSegments("/_framework") || Path.HasExtension(path.Value);
}
