using System.Text.Json;
using KuaishouSeller.Core.Commands;
using KuaishouSeller.Core.Persistence;

namespace KuaishouSeller.Core.Webhooks;

/// <summary>
/// The one way an event enters the outbox: added to the command's own context, so it is saved by the same SaveChanges
/// and committed by the same transaction as the change it reports (a refused or rolled-back change leaves no event).
/// Call it after the change succeeded, with a payload of ids, codes and states (never a buyer's name, phone or address).
/// </summary>
public static class WebhookOutbox
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Inside a command: the event carries the command's instant, and a command announcing thousands writes them in bulk.</summary>
    public static void Add(CommandContext c, long organisationId, string eventType, object payload) =>
        c.Append(Event(organisationId, eventType, payload, c.Now));

    /// <summary>On a bare context (a job's own transaction): the caller gives the instant.</summary>
    public static void Add(AppDbContext db, long organisationId, string eventType, object payload, DateTime atUtc) =>
        db.Outbox.Add(Event(organisationId, eventType, payload, atUtc));

    private static OutboxEvent Event(long organisationId, string eventType, object payload, DateTime atUtc)
    {
        if (!WebhookEvents.IsKnown(eventType)) throw new ArgumentException($"Unknown webhook event type '{eventType}'.", nameof(eventType));
        var json = JsonSerializer.Serialize(payload, Json);
        // A programming error, not a user's: payloads are ids and states, far below the column.
        if (json.Length > WebhookRules.MaxPayloadLength) throw new ArgumentException($"The {eventType} payload is {json.Length} characters long.", nameof(payload));
        return new OutboxEvent { OrganisationId = organisationId, Type = eventType, Payload = json, CreatedAt = atUtc };
    }
}
