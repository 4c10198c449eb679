using KuaishouSeller.Core.Organisations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KuaishouSeller.Core.Webhooks;

internal sealed class WebhookSubscriptionConfiguration : IEntityTypeConfiguration<WebhookSubscription>
{
    public void Configure(EntityTypeBuilder<WebhookSubscription> builder)
    {
        builder.Property(s => s.Url).HasMaxLength(WebhookRules.MaxUrlLength);
        builder.Property(s => s.Events).HasMaxLength(1000);
        builder.Property(s => s.Secret).HasMaxLength(100);
        builder.Property(s => s.CreatedBy).HasMaxLength(200);
        builder.Property(s => s.DisabledBy).HasMaxLength(200);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(s => s.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(s => s.OrganisationId);
    }
}

internal sealed class OutboxEventConfiguration : IEntityTypeConfiguration<OutboxEvent>
{
    public void Configure(EntityTypeBuilder<OutboxEvent> builder)
    {
        builder.ToTable("Outbox");
        builder.Property(e => e.Type).HasMaxLength(40);
        // Ids, codes and states: small, but more than the 256 every other string defaults to.
        builder.Property(e => e.Payload).HasMaxLength(WebhookRules.MaxPayloadLength);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(e => e.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        // The worker's scan: only the events not yet fanned out, oldest first.
        builder.HasIndex(e => e.Id, "IX_Outbox_Undispatched").HasFilter("\"DispatchedAt\" IS NULL");
        builder.HasIndex(e => new { e.OrganisationId, e.Id });
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.Property(d => d.ClaimedBy).HasMaxLength(200);
        builder.HasOne<WebhookSubscription>().WithMany().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<OutboxEvent>().WithMany().HasForeignKey(d => d.EventId).OnDelete(DeleteBehavior.Restrict);
        // The worker's scan: pending deliveries by due time.
        builder.HasIndex(d => new { d.NextAttemptAt, d.Id }, "IX_WebhookDeliveries_Due").HasFilter("\"State\" = 1");
        // The page: a subscription's deliveries, newest first.
        builder.HasIndex(d => new { d.SubscriptionId, d.Id });
        builder.HasIndex(d => d.EventId);
    }
}

internal sealed class WebhookAttemptConfiguration : IEntityTypeConfiguration<WebhookAttempt>
{
    public void Configure(EntityTypeBuilder<WebhookAttempt> builder)
    {
        builder.Property(a => a.Error).HasMaxLength(WebhookRules.MaxErrorLength);
        builder.HasOne<WebhookDelivery>().WithMany().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.DeliveryId, a.Number });
    }
}
