using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KuaishouSeller.Core.Orders;

internal sealed class RefundConfiguration : IEntityTypeConfiguration<Refund>
{
    public void Configure(EntityTypeBuilder<Refund> builder)
    {
        builder.HasOne<Order>().WithMany().HasForeignKey(r => r.OrderId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => new { r.ShopId, r.RequestedAt });
        builder.HasIndex(r => r.OrderId);
        // Requests from before the after-sales desk were all refunds only. 0 is no kind at all, so it is the sentinel:
        // only a request that names no kind gets the default.
        builder.Property(r => r.Kind).HasDefaultValue(RefundKind.RefundOnly).HasSentinel((RefundKind)0);
        builder.Property(r => r.BuyerWords).HasMaxLength(Refund.MaxWordsLength).HasDefaultValue("");
        builder.Property(r => r.RejectReason).HasMaxLength(Refund.MaxReasonLength);
        builder.Property(r => r.ReturnCarrier).HasMaxLength(20);
        builder.Property(r => r.ReturnWaybill).HasMaxLength(Refund.MaxWaybillLength);
        builder.Property(r => r.ReplacementWaybill).HasMaxLength(Refund.MaxWaybillLength);
        builder.Property(r => r.HandledBy).HasMaxLength(100);
        // The queue per shop and stage, nearest answer deadline first; and the deadline job's two scans.
        builder.HasIndex(r => new { r.ShopId, r.Status, r.RespondDueAt });
        builder.HasIndex(r => new { r.Status, r.RespondDueAt });
        builder.HasIndex(r => new { r.Status, r.ReturnDueAt });
    }
}
