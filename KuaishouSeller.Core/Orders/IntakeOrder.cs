using KuaishouSeller.Core.Organisations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KuaishouSeller.Core.Orders;

/// <summary>
/// One order as another system handed it in (a live room, a storefront, an ERP): its external id, unique per shop,
/// and the idempotency key it came with, unique per organisation, with the hash of the request it stands for. The
/// (sub-)orders it created point back at it (<see cref="Order.IntakeId"/>), so a retry finds them again.
/// </summary>
public class IntakeOrder
{
    public const int MaxExternalIdLength = 64, MaxKeyLength = 100;

    public long Id { get; set; }
    public long MerchantId { get; set; }
    public long ShopId { get; set; }
    public string ExternalId { get; set; } = "";
    public string? IdempotencyKey { get; set; }
    /// <summary>SHA-256 of the request as understood (not its bytes): a retry with other whitespace is the same request.</summary>
    public string BodyHash { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    /// <summary>Who handed it in (the key as the audit log names it).</summary>
    public string CreatedBy { get; set; } = "";
}

internal sealed class IntakeOrderConfiguration : IEntityTypeConfiguration<IntakeOrder>
{
    public void Configure(EntityTypeBuilder<IntakeOrder> builder)
    {
        builder.HasOne<Shop>().WithMany().HasForeignKey(i => i.ShopId).OnDelete(DeleteBehavior.Restrict);
        // The two ways a retry is recognised, and what turns two racing retries into one order and one refusal.
        builder.HasIndex(i => new { i.ShopId, i.ExternalId }).IsUnique();
        builder.HasIndex(i => new { i.MerchantId, i.IdempotencyKey }).IsUnique().HasFilter("\"IdempotencyKey\" IS NOT NULL");
        builder.Property(i => i.ExternalId).HasMaxLength(IntakeOrder.MaxExternalIdLength);
        builder.Property(i => i.IdempotencyKey).HasMaxLength(IntakeOrder.MaxKeyLength);
        builder.Property(i => i.BodyHash).HasMaxLength(64);
        builder.Property(i => i.CreatedBy).HasMaxLength(200);
        builder.HasMany<Order>().WithOne().HasForeignKey(o => o.IntakeId).OnDelete(DeleteBehavior.Restrict);
    }
}
