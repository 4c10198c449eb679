using System.Collections.Concurrent;
using KuaishouSeller.Core.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KuaishouSeller.Tests.Webhooks;

/// <summary>
/// A real receiver on loopback (Kestrel on port 0), written the way the README tells merchants to: check the signature
/// over "timestamp.body" with the secret, refuse what does not check out, deduplicate by the event id. It can be taken
/// down (answers 503) and brought back.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Func<DateTimeOffset> _now;
    private readonly ConcurrentDictionary<string, string> _events = new();
    private int _hits, _badSignatures, _duplicates;

    private WebhookReceiver(WebApplication app, Func<DateTimeOffset> now) => (_app, _now) = (app, now);

    /// <summary>Set once the subscription is created (its secret is shown then).</summary>
    public string? Secret { get; set; }
    /// <summary>Down: every request is answered 503, as a receiver in an outage would.</summary>
    public bool Down { get; set; }
    public string Url { get; private set; } = "";

    /// <summary>Each event id received with a good signature, once, with its type.</summary>
    public IReadOnlyDictionary<string, string> Events => _events;
    public int Hits => _hits;
    public int BadSignatures => _badSignatures;
    public int Duplicates => _duplicates;

    public static async Task<WebhookReceiver> StartAsync(Func<DateTimeOffset> now)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, now);
        app.MapPost("/hooks/ks", async (HttpContext http) =>
        {
            Interlocked.Increment(ref receiver._hits);
            if (receiver.Down) return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            var timestamp = http.Request.Headers[WebhookRules.TimestampHeader].ToString();
            var signature = http.Request.Headers[WebhookRules.SignatureHeader].ToString();
            if (receiver.Secret is null || !WebhookRules.Verify(receiver.Secret, timestamp, body, signature, receiver._now()))
            {
                Interlocked.Increment(ref receiver._badSignatures);
                return Results.Unauthorized();
            }
            var id = http.Request.Headers[WebhookRules.EventIdHeader].ToString();
            // Deduplicate: an id seen before is acknowledged and not processed again.
            if (!receiver._events.TryAdd(id, http.Request.Headers[WebhookRules.EventTypeHeader].ToString()))
                Interlocked.Increment(ref receiver._duplicates);
            return Results.NoContent();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = address.TrimEnd('/') + "/hooks/ks";
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
