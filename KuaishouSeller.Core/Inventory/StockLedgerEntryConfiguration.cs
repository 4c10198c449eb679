using KuaishouSeller.Core.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KuaishouSeller.Core.Inventory;

internal sealed class StockLedgerEntryConfiguration : IEntityTypeConfiguration<StockLedgerEntry>
{
    public void Configure(EntityTypeBuilder<StockLedgerEntry> builder)
    {
        builder.HasOne<Sku>().WithMany().HasForeignKey(l => l.SkuId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(l => new { l.SkuId, l.At });
        builder.HasIndex(l => new { l.MerchantId, l.At });
        // "Changed since" reads of the open API seek the merchant's entries after a ledger id.
        builder.HasIndex(l => new { l.MerchantId, l.Id });
    }
}
