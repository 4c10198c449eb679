using KuaishouSeller.Core.Organisations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KuaishouSeller.Core.Inventory;

internal sealed class ShopStockQuotaConfiguration : IEntityTypeConfiguration<ShopStockQuota>
{
    public void Configure(EntityTypeBuilder<ShopStockQuota> builder)
    {
        builder.HasKey(q => new { q.SkuId, q.ShopId });
        builder.HasOne<StockItem>().WithMany().HasForeignKey(q => q.SkuId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Shop>().WithMany().HasForeignKey(q => q.ShopId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(q => q.ShopId);
        builder.ToTable(t => t.HasCheckConstraint("CK_ShopStockQuotas_NotNegative", "\"Remaining\" >= 0"));
    }
}
