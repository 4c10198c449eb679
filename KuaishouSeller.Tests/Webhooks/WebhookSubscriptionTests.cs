using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Webhooks;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Tests.Webhooks;

/// <summary>Subscriptions: created with a secret shown once, scoped to the organisation, refused when the address is not http(s).</summary>
public sealed class WebhookSubscriptionTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_owner_creates_a_subscription_whose_secret_is_returned_once_and_listed_only_by_its_start(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var webhooks = world.Services.Get<WebhookService>();

        var created = await webhooks.CreateAsync(world.Owner, "https://erp.example.com/ks", [WebhookEvents.OrderShipped, WebhookEvents.StockLow]);

        Assert.StartsWith("whsec_", created.Secret);
        Assert.Equal([WebhookEvents.OrderShipped, WebhookEvents.StockLow], created.Events);
        var overview = await webhooks.OverviewAsync(world.Owner);
        Assert.True(overview.CanManage);
        var row = Assert.Single(overview.Subscriptions);
        Assert.Equal(created.Secret[..10] + "…", row.SecretHint);
        Assert.DoesNotContain(created.Secret, row.ToString());
        await using var db = world.Db();
        var audit = await db.AuditLog.AsNoTracking().Where(a => a.Action == WebhookActions.Created).SingleAsync();
        Assert.DoesNotContain(created.Secret, audit.After ?? "");
        Assert.Equal(world.Merchant, audit.OrganisationId);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task An_ftp_or_garbage_address_is_refused_in_both_languages_and_creates_nothing(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var webhooks = world.Services.Get<WebhookService>();

        foreach (var url in new[] { "ftp://erp.example.com/ks", "erp hooks please" })
        {
            var refused = await Assert.ThrowsAsync<DomainException>(() => webhooks.CreateAsync(world.Owner, url, [WebhookEvents.OrderShipped]));
            Assert.Contains("http:// 或 https://", refused.UserMessage.Zh);
            Assert.Contains("http:// or https://", refused.UserMessage.En);
        }
        var none = await Assert.ThrowsAsync<DomainException>(() => webhooks.CreateAsync(world.Owner, "https://erp.example.com/ks", []));
        Assert.Equal("Choose at least one event.", none.UserMessage.En);
        await using var db = world.Db();
        Assert.False(await db.WebhookSubscriptions.AnyAsync());
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Another_organisations_subscription_looks_exactly_like_a_missing_one_and_stays_as_it_was(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var webhooks = world.Services.Get<WebhookService>();
        long foreign;
        await using (var db = world.Db())
        {
            var other = await db.Organisations.Where(o => o.Id != world.Merchant && o.Kind == KuaishouSeller.Core.Organisations.OrganisationKind.Merchant)
                .OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
            var row = new WebhookSubscription
            {
                OrganisationId = other, Url = "https://other.example.com/ks", Events = WebhookEvents.OrderShipped, Secret = WebhookRules.NewSecret(),
                CreatedBy = "someone", CreatedAt = world.Clock.GetUtcNow().UtcDateTime,
            };
            db.WebhookSubscriptions.Add(row);
            await db.SaveChangesAsync();
            foreign = row.Id;
        }

        var missing = await Assert.ThrowsAsync<NotFoundException>(() => webhooks.DisableAsync(world.Owner, long.MaxValue));
        foreach (var attempt in new Func<Task>[]
                 {
                     () => webhooks.DisableAsync(world.Owner, foreign), () => webhooks.EnableAsync(world.Owner, foreign),
                     () => webhooks.DeleteAsync(world.Owner, foreign),
                 })
            Assert.Equal(missing.UserMessage, (await Assert.ThrowsAsync<NotFoundException>(attempt)).UserMessage);

        Assert.Empty((await webhooks.OverviewAsync(world.Owner)).Subscriptions);
        await using (var db = world.Db())
        {
            var still = await db.WebhookSubscriptions.AsNoTracking().SingleAsync(s => s.Id == foreign);
            Assert.Null(still.DisabledAt);
        }
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Disabling_names_who_did_it_enabling_starts_the_failure_count_over_and_deleting_removes_it(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var webhooks = world.Services.Get<WebhookService>();
        var created = await webhooks.CreateAsync(world.Owner, "https://erp.example.com/ks", [WebhookEvents.OrderCancelled]);

        await webhooks.DisableAsync(world.Owner, created.Id);
        var disabled = Assert.Single((await webhooks.OverviewAsync(world.Owner)).Subscriptions);
        Assert.Equal((WebhookDisabledReason.ByPerson, "王老板"), (disabled.DisabledReason!.Value, disabled.DisabledBy!));

        await webhooks.EnableAsync(world.Owner, created.Id);
        var enabled = Assert.Single((await webhooks.OverviewAsync(world.Owner)).Subscriptions);
        Assert.Null(enabled.DisabledAt);
        Assert.Equal(0, enabled.ConsecutiveFailures);

        await webhooks.DeleteAsync(world.Owner, created.Id);
        Assert.Empty((await webhooks.OverviewAsync(world.Owner)).Subscriptions);
    }
}
