using KuaishouSeller.Core.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KuaishouSeller.Core.Inventory;

internal sealed class StockItemConfiguration : IEntityTypeConfiguration<StockItem>
{
    public void Configure(EntityTypeBuilder<StockItem> builder)
    {
        builder.HasKey(s => s.SkuId);
        builder.HasOne<Sku>().WithOne().HasForeignKey<StockItem>(s => s.SkuId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(s => s.Available);
        builder.Ignore(s => s.SharedAvailable);
        builder.HasIndex(s => s.MerchantId);
        // The stock page sorted by a stock figure pages its keys from these (the SKU id breaks ties); sorted by available,
        // from an index on the expression (merchant, OnHand - Reserved - CampaignLocked, SKU id), created in the
        // StockSortIndexes migration because EF cannot declare an expression index.
        builder.HasIndex(s => new { s.MerchantId, s.OnHand, s.SkuId });
        builder.HasIndex(s => new { s.MerchantId, s.Reserved, s.SkuId });
        // The low-stock alerts: a partial index holds only the SKUs at or below their threshold, so the alert
        // count and the "alerts only" page read a few rows instead of the whole pool (same SQL on both providers).
        builder.HasIndex(s => s.MerchantId, "IX_StockItems_LowStock")
            .HasFilter("\"OnHand\" - \"Reserved\" - \"CampaignLocked\" <= \"LowStockThreshold\"");
        builder.ToTable(t => t.HasCheckConstraint("CK_StockItems_NotOversold",
            "\"OnHand\" >= 0 AND \"Reserved\" >= 0 AND \"CampaignLocked\" >= 0 AND \"QuotaAllocated\" >= 0 AND \"LowStockThreshold\" >= 0 " +
            "AND \"Reserved\" + \"CampaignLocked\" + \"QuotaAllocated\" <= \"OnHand\""));
    }
}
