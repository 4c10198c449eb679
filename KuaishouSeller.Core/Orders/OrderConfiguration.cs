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
        builder.HasIndex(o => new { o.ShopId, o.PaidAt });
        builder.HasIndex(o => new { o.MerchantId, o.PaidAt });
        builder.HasIndex(o => new { o.ListingId, o.PaidAt });
        builder.HasIndex(o => new { o.CreatorId, o.PaidAt });
    }
}
