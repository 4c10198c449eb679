using KuaishouSeller.Core.Catalog;
using KuaishouSeller.Core.Organisations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KuaishouSeller.Core.Orders;

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> builder)
    {
        builder.HasOne<Shop>().WithMany().HasForeignKey(o => o.ShopId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Listing>().WithMany().HasForeignKey(o => o.ListingId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(o => o.OrderNo).IsUnique();
        // The hot paths: a shop's or merchant's orders over a period, a listing's and a creator's orders.
        // Id last: the order list pages by (PaidAt, Id) keys, so its seek and its sort come from the same index.
        builder.HasIndex(o => new { o.ShopId, o.PaidAt, o.Id });
        builder.HasIndex(o => new { o.MerchantId, o.PaidAt, o.Id });
        // The order list by state, and the to-ship list by its pickup deadline (due soon, overdue).
        builder.HasIndex(o => new { o.ShopId, o.Status, o.PaidAt, o.Id });
        // The same for every shop of the merchant: without it the to-ship list walked all the merchant's orders by paid
        // time to find the few overdue ones (84 ms p50 on the large world).
        builder.HasIndex(o => new { o.MerchantId, o.Status, o.PaidAt, o.Id });
        builder.HasIndex(o => new { o.ShopId, o.Status, o.PickupDueAt });
        builder.HasIndex(o => o.BuyerId);
        // The hourly completion finds the delivered orders by their delivery scan.
        builder.HasIndex(o => new { o.Status, o.DeliveredAt });
        // A waybill is never used twice: a race between two orders becomes a refusal, not a second parcel.
        builder.HasIndex(o => new { o.WaybillNo, o.Carrier }).IsUnique().HasFilter("\"WaybillNo\" IS NOT NULL");
        builder.Property(o => o.WaybillNo).HasMaxLength(40);
        builder.Property(o => o.ShippedBy).HasMaxLength(100);
        builder.Property(o => o.CancelledBy).HasMaxLength(100);
        builder.Property(o => o.CancelReason).HasMaxLength(OrderCommands.MaxReasonLength);
        builder.HasIndex(o => new { o.ListingId, o.PaidAt });
        builder.HasIndex(o => new { o.CreatorId, o.PaidAt });
        builder.HasIndex(o => o.IntakeId);
    }
}
