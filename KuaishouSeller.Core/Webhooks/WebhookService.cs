using System.Globalization;
using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Commands;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Workspace;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Webhooks;

/// <summary>Audit actions of webhooks, named once.</summary>
public static class WebhookActions
{
    public const string Created = "webhook.created", Disabled = "webhook.disabled", Enabled = "webhook.enabled", Deleted = "webhook.deleted",
        Replayed = "webhook.replayed", AutoDisabled = "webhook.auto-disabled";
}

/// <summary>A created subscription: the secret is here once and shown once.</summary>
public sealed record CreatedWebhook(long Id, string Url, IReadOnlyList<string> Events, string Secret);

public sealed record WebhookRow(long Id, string Url, IReadOnlyList<string> Events, string SecretHint, string CreatedBy, DateTime CreatedAt,
    DateTime? DisabledAt, WebhookDisabledReason? DisabledReason, string? DisabledBy, int ConsecutiveFailures);

public sealed record WebhookAttemptRow(int Number, DateTime At, int? StatusCode, string? Error, int DurationMs, bool Succeeded);

public sealed record WebhookDeliveryRow(long Id, long SubscriptionId, string Url, long EventId, string EventType, DateTime EventAt,
    WebhookDeliveryState State, int Attempts, DateTime? NextAttemptAt, DateTime? DeliveredAt, long? ReplayOf, IReadOnlyList<WebhookAttemptRow> AttemptRows);

/// <summary>The page's view: whether the user manages this organisation's webhooks, and its subscriptions.</summary>
public sealed record WebhookOverview(string? OrganisationName, bool CanManage, IReadOnlyList<WebhookRow> Subscriptions);

/// <summary>
/// An organisation's webhook subscriptions and their deliveries. Everything organisation-wide in Settings is managed
/// by whoever manages the organisation's staff over all shops (<see cref="Permission.StaffManage"/>, the right that
/// manages every API key there): a subscription receives events of every shop. A foreign id looks missing.
/// </summary>
public sealed class WebhookService(IDbContextFactory<AppDbContext> contexts, CommandRunner commands, WorkspaceService workspaces)
{
    public const Permission ManagePermission = Permission.StaffManage;
    /// <summary>The deliveries list pages by id, newest first.</summary>
    public const int DeliveryPageSize = 50;

    private static NotFoundException Unknown() => NotFoundException.Of("Webhook 订阅", "webhook subscription");
    private static NotFoundException UnknownDelivery() => NotFoundException.Of("推送记录", "delivery");

    public Task<CreatedWebhook> CreateAsync(string userId, string url, IReadOnlyCollection<string> events, CancellationToken ct = default)
    {
        var address = WebhookRules.RequireUrl(url);
        var chosen = WebhookRules.RequireEvents(events);
        return commands.RunAsync(userId, WebhookActions.Created, async c =>
        {
            if (c.Actor.ApiKeyId is not null)
                throw new DomainException(new("API 密钥不能管理 Webhook。", "An API key cannot manage webhooks."), RefusalKind.Forbidden);
            var workspace = (await workspaces.ResolveAsync(c.Db, c.Actor, c.Cancellation)).Workspace
                            ?? throw new DomainException(new("请先在工作台切换到一个组织。", "Switch to an organisation first."));
            var organisationId = workspace.OrganisationId;
            await c.RequireAsync(ManagePermission, organisationId, ShopTarget.AllShops);
            if (await c.Db.WebhookSubscriptions.CountAsync(s => s.OrganisationId == organisationId, c.Cancellation) >= WebhookRules.MaxSubscriptionsPerOrganisation)
                throw new DomainException(new($"每个组织最多 {WebhookRules.MaxSubscriptionsPerOrganisation} 个订阅，未创建。",
                    $"An organisation can have at most {WebhookRules.MaxSubscriptionsPerOrganisation} subscriptions; nothing was created."));
            var secret = WebhookRules.NewSecret();
            var row = new WebhookSubscription
            {
                OrganisationId = organisationId, Url = address, Events = string.Join(",", chosen), Secret = secret,
                CreatedBy = c.Actor.DisplayName, CreatedAt = c.Now,
            };
            c.Db.WebhookSubscriptions.Add(row);
            await c.Db.SaveChangesAsync(c.Cancellation);
            // The address and the event types only: never the secret.
            c.Audit(Subject(row), after: new { url = address, events = row.Events }, organisationId: organisationId);
            return new CreatedWebhook(row.Id, address, chosen, secret);
        }, ct);
    }

    public Task DisableAsync(string userId, long subscriptionId, CancellationToken ct = default) =>
        commands.RunAsync(userId, WebhookActions.Disabled, async c =>
        {
            var row = await RequireAsync(c, subscriptionId);
            var by = c.Actor.DisplayName;
            var changed = await c.Db.WebhookSubscriptions.Where(s => s.Id == row.Id && s.DisabledAt == null).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.DisabledAt, c.Now).SetProperty(x => x.DisabledReason, WebhookDisabledReason.ByPerson).SetProperty(x => x.DisabledBy, by), c.Cancellation);
            if (changed == 1) c.Audit(Subject(row), organisationId: row.OrganisationId);
        }, ct);

    /// <summary>Enables again: pending deliveries resume, and the failure count starts over.</summary>
    public Task EnableAsync(string userId, long subscriptionId, CancellationToken ct = default) =>
        commands.RunAsync(userId, WebhookActions.Enabled, async c =>
        {
            var row = await RequireAsync(c, subscriptionId);
            var changed = await c.Db.WebhookSubscriptions.Where(s => s.Id == row.Id && s.DisabledAt != null).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.DisabledAt, (DateTime?)null).SetProperty(x => x.DisabledReason, (WebhookDisabledReason?)null)
                .SetProperty(x => x.DisabledBy, (string?)null).SetProperty(x => x.ConsecutiveFailures, 0), c.Cancellation);
            if (changed == 1) c.Audit(Subject(row), organisationId: row.OrganisationId);
        }, ct);

    /// <summary>Deletes the subscription with its deliveries and their attempts; the events stay in the outbox.</summary>
    public Task DeleteAsync(string userId, long subscriptionId, CancellationToken ct = default) =>
        commands.RunInTransactionAsync(userId, WebhookActions.Deleted, async c =>
        {
            var row = await RequireAsync(c, subscriptionId);
            var deliveries = c.Db.WebhookDeliveries.Where(d => d.SubscriptionId == row.Id).Select(d => d.Id);
            await c.Db.WebhookAttempts.Where(a => deliveries.Contains(a.DeliveryId)).ExecuteDeleteAsync(c.Cancellation);
            await c.Db.WebhookDeliveries.Where(d => d.SubscriptionId == row.Id).ExecuteDeleteAsync(c.Cancellation);
            await c.Db.WebhookSubscriptions.Where(s => s.Id == row.Id).ExecuteDeleteAsync(c.Cancellation);
            c.Audit(Subject(row), before: new { url = row.Url, events = row.Events }, organisationId: row.OrganisationId);
        }, ct);

    /// <summary>
    /// Sends an event again to the subscription of one of its deliveries: a new delivery, due now, with the same event id
    /// (a receiver that deduplicates will see it as the event it already has). Refused while the subscription is disabled.
    /// </summary>
    public Task<long> ReplayAsync(string userId, long deliveryId, CancellationToken ct = default) =>
        commands.RunAsync(userId, WebhookActions.Replayed, async c =>
        {
            var delivery = await c.Db.WebhookDeliveries.AsNoTracking().FirstOrDefaultAsync(d => d.Id == deliveryId, c.Cancellation) ?? throw UnknownDelivery();
            var row = await RequireAsync(c, delivery.SubscriptionId, UnknownDelivery());
            if (row.DisabledAt is not null)
                throw new DomainException(new("该订阅已停用，请先启用再重发。", "The subscription is disabled; enable it before sending again."));
            var replay = new WebhookDelivery
            {
                SubscriptionId = row.Id, EventId = delivery.EventId, State = WebhookDeliveryState.Pending, NextAttemptAt = c.Now, CreatedAt = c.Now,
                ReplayOf = delivery.Id,
            };
            c.Db.WebhookDeliveries.Add(replay);
            await c.Db.SaveChangesAsync(c.Cancellation);
            c.Audit(Subject(row), after: new { eventId = delivery.EventId, replayOf = delivery.Id }, organisationId: row.OrganisationId);
            return replay.Id;
        }, ct);

    /// <summary>The subscription, once the actor may manage its organisation's webhooks; otherwise it does not exist for them.</summary>
    private static async Task<WebhookSubscription> RequireAsync(CommandContext c, long subscriptionId, NotFoundException? missing = null)
    {
        missing ??= Unknown();
        var row = await c.Db.WebhookSubscriptions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == subscriptionId, c.Cancellation) ?? throw missing;
        if (c.Actor.ApiKeyId is not null || !c.Actor.GrantsIn(row.OrganisationId).Any()) throw missing;
        await c.RequireAsync(ManagePermission, row.OrganisationId, ShopTarget.AllShops, foreignAs: missing);
        return row;
    }

    private static AuditSubject Subject(WebhookSubscription row) => new("WebhookSubscription", row.Id.ToString(CultureInfo.InvariantCulture), row.Url);

    // ---- reads ----

    public async Task<WebhookOverview> OverviewAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var scope = await workspaces.ResolveAsync(db, userId, ct);
        if (scope.Workspace is not { } w || scope.Actor.ApiKeyId is not null) return new(null, false, []);
        if (!scope.Actor.Can(ManagePermission, w.OrganisationId, ShopTarget.AllShops)) return new(w.OrganisationName, false, []);
        var rows = await db.WebhookSubscriptions.AsNoTracking().Where(s => s.OrganisationId == w.OrganisationId).OrderBy(s => s.Id).ToListAsync(ct);
        return new(w.OrganisationName, true, rows.Select(s => new WebhookRow(s.Id, s.Url, s.EventSet().ToList(), WebhookRules.SecretHint(s.Secret), s.CreatedBy,
            s.CreatedAt, s.DisabledAt, s.DisabledReason, s.DisabledBy, s.ConsecutiveFailures)).ToList());
    }

    /// <summary>
    /// The current organisation's deliveries, newest first, each with its attempts, paged by id (<paramref name="after"/>
    /// is the previous page's <see cref="PagedResult{T}.Next"/>). Optionally one subscription's only.
    /// </summary>
    public async Task<PagedResult<WebhookDeliveryRow>> DeliveriesAsync(string userId, long? subscriptionId = null, string? after = null, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var scope = await workspaces.ResolveAsync(db, userId, ct);
        if (scope.Workspace is not { } w || scope.Actor.ApiKeyId is not null || !scope.Actor.Can(ManagePermission, w.OrganisationId, ShopTarget.AllShops))
            return new([], 0);
        var subscriptions = await db.WebhookSubscriptions.AsNoTracking().Where(s => s.OrganisationId == w.OrganisationId && (subscriptionId == null || s.Id == subscriptionId))
            .Select(s => new { s.Id, s.Url }).ToDictionaryAsync(s => s.Id, s => s.Url, ct);
        if (subscriptions.Count == 0) return new([], 0);
        var ids = subscriptions.Keys.ToList();
        var before = long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out var cursor) ? cursor : long.MaxValue;
        var page = await (from d in db.WebhookDeliveries.AsNoTracking()
                          where ids.Contains(d.SubscriptionId) && d.Id < before
                          join e in db.Outbox on d.EventId equals e.Id
                          orderby d.Id descending
                          select new { d, e.Type, e.CreatedAt }).Take(DeliveryPageSize + 1).ToListAsync(ct);
        var shown = page.Take(DeliveryPageSize).ToList();
        var deliveryIds = shown.Select(p => p.d.Id).ToList();
        var attempts = (await db.WebhookAttempts.AsNoTracking().Where(a => deliveryIds.Contains(a.DeliveryId)).OrderBy(a => a.Number).ToListAsync(ct))
            .ToLookup(a => a.DeliveryId);
        var rows = shown.Select(p => new WebhookDeliveryRow(p.d.Id, p.d.SubscriptionId, subscriptions[p.d.SubscriptionId], p.d.EventId, p.Type, p.CreatedAt,
            p.d.State, p.d.Attempts, p.d.State == WebhookDeliveryState.Pending ? p.d.NextAttemptAt : null, p.d.DeliveredAt, p.d.ReplayOf,
            attempts[p.d.Id].Select(a => new WebhookAttemptRow(a.Number, a.At, a.StatusCode, a.Error, a.DurationMs, a.Succeeded)).ToList())).ToList();
        return new(rows, rows.Count)
        {
            Next = page.Count > DeliveryPageSize ? shown[^1].d.Id.ToString(CultureInfo.InvariantCulture) : null,
        };
    }
}
