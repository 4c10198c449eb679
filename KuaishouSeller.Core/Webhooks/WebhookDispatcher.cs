using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Commands;
using KuaishouSeller.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace KuaishouSeller.Core.Webhooks;

/// <summary>What one run of the worker did.</summary>
public sealed record WebhookRunReport(int Dispatched, int Delivered, int Failed, int Disabled);

/// <summary>
/// The delivery worker: fans undispatched outbox events out to the subscriptions that chose them, then claims due
/// deliveries one conditional update each (so two nodes never send the same attempt), posts them signed, and records
/// every attempt with its retry or its end. Logs ids, types, statuses and durations; never a secret or a body.
/// </summary>
public sealed class WebhookDispatcher(IDbContextFactory<AppDbContext> contexts, CommandRunner commands, IHttpClientFactory http, TimeProvider clock,
    WebhookOptions options, ILogger<WebhookDispatcher> log)
{
    private const int FanOutBatch = 500;
    private readonly string _node = string.IsNullOrWhiteSpace(options.Node) ? $"{Environment.MachineName}-{Environment.ProcessId}" : options.Node.Trim();

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<WebhookRunReport> RunOnceAsync(CancellationToken ct = default)
    {
        var dispatched = 0;
        while (true)
        {
            var n = await FanOutAsync(ct);
            dispatched += n;
            if (n < FanOutBatch) break;
        }
        var (delivered, failed, disabled) = (0, 0, 0);
        var due = await DueAsync(ct);
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Parallelism), CancellationToken = ct }, async (d, token) =>
        {
            var outcome = await TryDeliverAsync(d.Id, d.Attempts, token);
            if (outcome is null) return;
            if (outcome.Value.Succeeded) Interlocked.Increment(ref delivered); else Interlocked.Increment(ref failed);
            if (outcome.Value.Disabled) Interlocked.Increment(ref disabled);
        });
        return new WebhookRunReport(dispatched, delivered, failed, disabled);
    }

    /// <summary>
    /// One batch of the outbox: each event gets a delivery per enabled subscription of its organisation that chose its
    /// type and existed when it happened. The batch is marked with a conditional update first; when another node took
    /// any of it, this node's transaction rolls back and leaves the batch to it.
    /// </summary>
    private async Task<int> FanOutAsync(CancellationToken ct)
    {
        try
        {
            return await commands.RunAsSystemAsync(SystemActor.Scheduler, "webhooks.dispatch", c => FanOutInAsync(c), ct);
        }
        catch (DispatchRaceException)
        {
            return 0;
        }
    }

    private static async Task<int> FanOutInAsync(CommandContext c)
    {
        var events = await c.Db.Outbox.AsNoTracking().Where(e => e.DispatchedAt == null).OrderBy(e => e.Id)
            .Select(e => new { e.Id, e.OrganisationId, e.Type, e.CreatedAt }).Take(FanOutBatch).ToListAsync(c.Cancellation);
        if (events.Count == 0) return 0;
        var ids = events.Select(e => e.Id).ToList();
        var marked = await c.Db.Outbox.Where(e => ids.Contains(e.Id) && e.DispatchedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.DispatchedAt, c.Now), c.Cancellation);
        if (marked != ids.Count) throw new DispatchRaceException();
        var organisations = events.Select(e => e.OrganisationId).Distinct().ToList();
        var subscriptions = (await c.Db.WebhookSubscriptions.AsNoTracking().Where(s => organisations.Contains(s.OrganisationId) && s.DisabledAt == null)
            .Select(s => new { s.Id, s.OrganisationId, s.Events, s.CreatedAt }).ToListAsync(c.Cancellation))
            .Select(s => (s.Id, s.OrganisationId, s.CreatedAt, Events: s.Events.Split(',').ToHashSet(StringComparer.Ordinal))).ToList();
        foreach (var e in events)
            foreach (var s in subscriptions.Where(s => s.OrganisationId == e.OrganisationId && s.Events.Contains(e.Type) && s.CreatedAt <= e.CreatedAt))
                c.Db.WebhookDeliveries.Add(new WebhookDelivery
                {
                    SubscriptionId = s.Id, EventId = e.Id, State = WebhookDeliveryState.Pending, NextAttemptAt = c.Now, CreatedAt = c.Now,
                });
        return events.Count;
    }

    private sealed class DispatchRaceException : Exception;

    private async Task<List<(long Id, int Attempts)>> DueAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = Now;
        var rows = await (from d in db.WebhookDeliveries.AsNoTracking()
                          where d.State == WebhookDeliveryState.Pending && d.NextAttemptAt <= now
                          join s in db.WebhookSubscriptions on d.SubscriptionId equals s.Id
                          where s.DisabledAt == null
                          orderby d.NextAttemptAt, d.Id
                          select new { d.Id, d.Attempts }).Take(Math.Max(1, options.BatchSize)).ToListAsync(ct);
        return rows.Select(r => (r.Id, r.Attempts)).ToList();
    }

    private readonly record struct Outcome(bool Succeeded, bool Disabled);

    private sealed record Claimed(long DeliveryId, long EventId, string EventType, long OrganisationId, string Payload, DateTime EventAt, long SubscriptionId,
        string Url, string Secret);

    /// <summary>One attempt: claimed (or not: someone else has it), sent, recorded. Null when it was not this node's to send.</summary>
    private async Task<Outcome?> TryDeliverAsync(long deliveryId, int seenAttempts, CancellationToken ct)
    {
        var attempt = seenAttempts + 1;
        var claimed = await ClaimAsync(deliveryId, seenAttempts, ct);
        if (claimed is null) return null;

        var body = Envelope(claimed);
        var timestamp = WebhookRules.Timestamp(Now);
        var started = Stopwatch.GetTimestamp();
        int? status = null;
        string? error = null;
        try
        {
            if (!options.AllowPrivateNetworks && await PrivateTargetAsync(claimed.Url, ct) is { } refused)
                error = refused;
            else
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, claimed.Url)
                {
                    Content = new StringContent(body, Encoding.UTF8, "application/json"),
                };
                request.Headers.Add(WebhookRules.EventIdHeader, claimed.EventId.ToString(CultureInfo.InvariantCulture));
                request.Headers.Add(WebhookRules.EventTypeHeader, claimed.EventType);
                request.Headers.Add(WebhookRules.TimestampHeader, timestamp);
                request.Headers.Add(WebhookRules.SignatureHeader, WebhookRules.Sign(claimed.Secret, timestamp, body));
                request.Headers.Add(WebhookRules.DeliveryIdHeader, claimed.DeliveryId.ToString(CultureInfo.InvariantCulture));
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(options.Timeout);
                var client = http.CreateClient(WebhookRules.HttpClientName);
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                status = (int)response.StatusCode;
                if (!response.IsSuccessStatusCode) error = $"HTTP {status}";
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            error = $"timeout after {options.Timeout.TotalSeconds:0} s";
        }
        catch (HttpRequestException e)
        {
            error = e.HttpRequestError switch
            {
                HttpRequestError.ConnectionError => "connection failed",
                HttpRequestError.NameResolutionError => "host not found",
                HttpRequestError.SecureConnectionError => "TLS failed",
                _ => "request failed: " + e.HttpRequestError,
            };
        }
        var duration = (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var succeeded = error is null;
        var disabled = await RecordAsync(claimed, attempt, status, error, duration, CancellationToken.None);
        log.LogInformation("Webhook delivery {Delivery} ({EventType}, subscription {Subscription}) attempt {Attempt}: {Result} in {Ms} ms",
            claimed.DeliveryId, claimed.EventType, claimed.SubscriptionId, attempt, succeeded ? "delivered" : error, duration);
        if (disabled) log.LogWarning("Webhook subscription {Subscription} disabled after {Failures} failures in a row", claimed.SubscriptionId, options.DisableAfterConsecutiveFailures);
        return new Outcome(succeeded, disabled);
    }

    /// <summary>
    /// Takes attempt number seen + 1 with one conditional update on the attempt count, and pushes the due time out by
    /// the claim lease (a node lost mid-send leaves the delivery to be tried again once the lease lapses).
    /// </summary>
    private Task<Claimed?> ClaimAsync(long deliveryId, int seenAttempts, CancellationToken ct) =>
        commands.RunAsSystemAsync(SystemActor.Scheduler, "webhooks.claim", async c =>
        {
            var lease = c.Now + WebhookRules.ClaimLease;
            var node = _node;
            var now = c.Now;
            var won = await c.Db.WebhookDeliveries
                .Where(d => d.Id == deliveryId && d.State == WebhookDeliveryState.Pending && d.Attempts == seenAttempts && d.NextAttemptAt <= now)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.Attempts, seenAttempts + 1).SetProperty(d => d.NextAttemptAt, lease).SetProperty(d => d.ClaimedBy, node), c.Cancellation);
            if (won == 0) return null;
            return await (from d in c.Db.WebhookDeliveries.AsNoTracking()
                          where d.Id == deliveryId
                          join e in c.Db.Outbox on d.EventId equals e.Id
                          join s in c.Db.WebhookSubscriptions on d.SubscriptionId equals s.Id
                          select new Claimed(d.Id, e.Id, e.Type, e.OrganisationId, e.Payload, e.CreatedAt, s.Id, s.Url, s.Secret)).FirstAsync(c.Cancellation);
        }, ct);

    /// <summary>
    /// The attempt's row and where the delivery goes next (delivered, retried after the schedule's delay, or given up),
    /// conditional on still holding the claim; the subscription's failures in a row, and its switch-off at the threshold.
    /// </summary>
    private Task<bool> RecordAsync(Claimed claimed, int attempt, int? status, string? error, int durationMs, CancellationToken ct) =>
        commands.RunAsSystemAsync(SystemActor.Scheduler, "webhooks.record", async c =>
        {
            var (db, token, now) = (c.Db, c.Cancellation, c.Now);
            var succeeded = error is null;
            db.WebhookAttempts.Add(new WebhookAttempt
            {
                DeliveryId = claimed.DeliveryId, Number = attempt, At = now, StatusCode = status, Succeeded = succeeded, DurationMs = durationMs,
                Error = error is null ? null : error.Length > WebhookRules.MaxErrorLength ? error[..WebhookRules.MaxErrorLength] : error,
            });
            var mine = db.WebhookDeliveries.Where(d => d.Id == claimed.DeliveryId && d.State == WebhookDeliveryState.Pending && d.Attempts == attempt);
            if (succeeded)
            {
                await mine.ExecuteUpdateAsync(s => s.SetProperty(d => d.State, WebhookDeliveryState.Delivered).SetProperty(d => d.DeliveredAt, now)
                    .SetProperty(d => d.LastStatusCode, status), token);
                await db.WebhookSubscriptions.Where(s => s.Id == claimed.SubscriptionId && s.ConsecutiveFailures != 0)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.ConsecutiveFailures, 0), token);
                return false;
            }
            var next = WebhookRules.NextAttempt(options.RetryDelays, attempt, now);
            if (next is { } at)
                await mine.ExecuteUpdateAsync(s => s.SetProperty(d => d.NextAttemptAt, at).SetProperty(d => d.LastStatusCode, status), token);
            else
                await mine.ExecuteUpdateAsync(s => s.SetProperty(d => d.State, WebhookDeliveryState.Failed).SetProperty(d => d.LastStatusCode, status), token);
            await db.WebhookSubscriptions.Where(s => s.Id == claimed.SubscriptionId)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.ConsecutiveFailures, x => x.ConsecutiveFailures + 1), token);
            var threshold = options.DisableAfterConsecutiveFailures;
            var disabled = await db.WebhookSubscriptions.Where(s => s.Id == claimed.SubscriptionId && s.DisabledAt == null && s.ConsecutiveFailures >= threshold)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.DisabledAt, now).SetProperty(x => x.DisabledReason, WebhookDisabledReason.RepeatedFailures), token) == 1;
            if (disabled)
                c.Audit(WebhookActions.AutoDisabled, new AuditSubject("WebhookSubscription", claimed.SubscriptionId.ToString(CultureInfo.InvariantCulture), claimed.Url),
                    after: new { failures = threshold }, organisationId: claimed.OrganisationId);
            return disabled;
        }, ct);

    /// <summary>The body a receiver gets: the event's id, type, instant, organisation and its data.</summary>
    internal static string Envelope(long eventId, string type, DateTime at, long organisationId, string payload)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", eventId.ToString(CultureInfo.InvariantCulture));
            json.WriteString("type", type);
            json.WriteString("createdAt", DateTime.SpecifyKind(at, DateTimeKind.Utc));
            json.WriteNumber("organisationId", organisationId);
            json.WritePropertyName("data");
            json.WriteRawValue(payload);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Envelope(Claimed c) => Envelope(c.EventId, c.EventType, c.EventAt, c.OrganisationId, c.Payload);

    /// <summary>Why the address may not be called from here (it resolves to a loopback or private address), or null.</summary>
    private static async Task<string?> PrivateTargetAsync(string url, CancellationToken ct)
    {
        var host = new Uri(url).IdnHost;
        IPAddress[] addresses;
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal)) addresses = [literal];
        else
        {
            try { addresses = await Dns.GetHostAddressesAsync(host, ct); }
            catch (SocketException) { return "host not found"; }
        }
        return addresses.Length == 0 ? "host not found" : addresses.All(WebhookRules.IsPublic) ? null : "private network address refused";
    }
}
