using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KuaishouSeller.Core.Catalog;

internal sealed class SkuConfiguration : IEntityTypeConfiguration<Sku>
{
    public void Configure(EntityTypeBuilder<Sku> builder)
    {
        builder.HasOne<Spu>().WithMany().HasForeignKey(s => s.SpuId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(s => new { s.MerchantId, s.Code }).IsUnique();
        builder.HasIndex(s => s.SpuId);
    }
}
