using KuaishouSeller.Core.Organisations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KuaishouSeller.Core.Shops;

internal sealed class ViolationConfiguration : IEntityTypeConfiguration<Violation>
{
    public void Configure(EntityTypeBuilder<Violation> builder)
    {
        builder.HasOne<Shop>().WithMany().HasForeignKey(v => v.ShopId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(v => new { v.ShopId, v.ClosedAt });
        builder.Property(v => v.DescriptionZh).HasMaxLength(500);
        builder.Property(v => v.DescriptionEn).HasMaxLength(500);
    }
}
