using KuaishouSeller.Core.Organisations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KuaishouSeller.Core.Catalog;

internal sealed class SpuConfiguration : IEntityTypeConfiguration<Spu>
{
    public void Configure(EntityTypeBuilder<Spu> builder)
    {
        builder.HasOne<Organisation>().WithMany().HasForeignKey(s => s.MerchantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Category>().WithMany().HasForeignKey(s => s.CategoryId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(s => new { s.MerchantId, s.Code }).IsUnique();
        builder.HasIndex(s => s.CategoryId);
    }
}
