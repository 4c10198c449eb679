namespace KuaishouSeller.Core.Webhooks;

/// <summary>
/// Where an organisation wants its events pushed: an http(s) address, the event types it chose, and the secret every
/// delivery is signed with. The secret is kept as is because signing needs it; it is shown once, when created.
/// </summary>
public class WebhookSubscription
{
    public long Id { get; set; }
    public long OrganisationId { get; set; }
    public string Url { get; set; } = "";
    /// <summary>Event type codes, comma-separated ("order.shipped,order.cancelled").</summary>
    public string Events { get; set; } = "";
    public string Secret { get; set; } = "";
    public string CreatedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    /// <summary>Set while disabled: by a person, or by the delivery worker after repeated failures.</summary>
    public DateTime? DisabledAt { get; set; }
    public WebhookDisabledReason? DisabledReason { get; set; }
    public string? DisabledBy { get; set; }
    /// <summary>Failed attempts in a row across its deliveries; a success sets it back to 0.</summary>
    public int ConsecutiveFailures { get; set; }

    public IReadOnlySet<string> EventSet() => Events.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
}

/// <summary>Stored as its number.</summary>
public enum WebhookDisabledReason
{
    ByPerson = 1,
    /// <summary><see cref="WebhookRules.DisableAfterConsecutiveFailures"/> attempts in a row failed.</summary>
    RepeatedFailures = 2,
}

/// <summary>
/// One event in the outbox, written in the same transaction as the change it reports (<see cref="WebhookOutbox.Add(Commands.CommandContext, long, string, object)"/>).
/// The delivery worker fans it out to the subscriptions that chose its type and marks it dispatched.
/// </summary>
public class OutboxEvent
{
    public long Id { get; set; }
    public long OrganisationId { get; set; }
    public string Type { get; set; } = "";
    /// <summary>The event's data as JSON: ids, codes and states only, never a buyer's name, phone or address.</summary>
    public string Payload { get; set; } = "{}";
    public DateTime CreatedAt { get; set; }
    public DateTime? DispatchedAt { get; set; }
}

public enum WebhookDeliveryState { Pending = 1, Delivered = 2, Failed = 3 }

/// <summary>One event to one subscription, tried until it is delivered or its attempts run out. A replay is a new delivery.</summary>
public class WebhookDelivery
{
    public long Id { get; set; }
    public long SubscriptionId { get; set; }
    public long EventId { get; set; }
    public WebhookDeliveryState State { get; set; } = WebhookDeliveryState.Pending;
    /// <summary>Attempts started so far; claiming an attempt raises it by one with a conditional update.</summary>
    public int Attempts { get; set; }
    /// <summary>When the next attempt is due; while an attempt is under way, when its claim lapses.</summary>
    public DateTime NextAttemptAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? DeliveredAt { get; set; }
    public int? LastStatusCode { get; set; }
    public string? ClaimedBy { get; set; }
    /// <summary>The delivery this one replays, if it is a replay.</summary>
    public long? ReplayOf { get; set; }
}

/// <summary>One try of a delivery: what the receiver answered (or what went wrong) and how long it took.</summary>
public class WebhookAttempt
{
    public long Id { get; set; }
    public long DeliveryId { get; set; }
    public int Number { get; set; }
    public DateTime At { get; set; }
    public int? StatusCode { get; set; }
    /// <summary>What failed, in a few words (timeout, refused connection, an HTTP status); never the body.</summary>
    public string? Error { get; set; }
    public int DurationMs { get; set; }
    public bool Succeeded { get; set; }
}
