using KuaishouSeller.Core.Organisations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KuaishouSeller.Core.Access;

internal sealed class DelegationShopConfiguration : IEntityTypeConfiguration<DelegationShop>
{
    public void Configure(EntityTypeBuilder<DelegationShop> builder)
    {
        builder.HasKey(s => new { s.DelegationId, s.ShopId });
        builder.HasOne<Delegation>().WithMany().HasForeignKey(s => s.DelegationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Shop>().WithMany().HasForeignKey(s => s.ShopId).OnDelete(DeleteBehavior.Restrict);
    }
}
