using KuaishouSeller.Core.Webhooks;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace KuaishouSeller.Tests.Webhooks;

internal static class WebhookTestKit
{
    /// <summary>The delivery worker on the world's database and clock, allowed to call a receiver on loopback.</summary>
    public static WebhookDispatcher Dispatcher(SeededWorld world, int? disableAfter = null) =>
        new(world.Services.Contexts, world.Services.Commands, world.Services.Get<IHttpClientFactory>(), world.Clock,
            new WebhookOptions
            {
                AllowPrivateNetworks = true, Timeout = TimeSpan.FromSeconds(5),
                DisableAfterConsecutiveFailures = disableAfter ?? WebhookRules.DisableAfterConsecutiveFailures,
            }, NullLogger<WebhookDispatcher>.Instance);

    public static async Task<List<OutboxEvent>> EventsAsync(SeededWorld world, string type, long? orderId = null)
    {
        await using var db = world.Db();
        var rows = await db.Outbox.AsNoTracking().Where(e => e.OrganisationId == world.Merchant && e.Type == type).OrderBy(e => e.Id).ToListAsync();
        return orderId is null ? rows : rows.Where(e => e.Payload.Contains($"\"orderId\":{orderId},")).ToList();
    }
}
