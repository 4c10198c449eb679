using KuaishouSeller.Core.Organisations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KuaishouSeller.Core.Access;

internal sealed class MembershipShopConfiguration : IEntityTypeConfiguration<MembershipShop>
{
    public void Configure(EntityTypeBuilder<MembershipShop> builder)
    {
        builder.HasKey(s => new { s.MembershipId, s.ShopId });
        builder.HasOne<Membership>().WithMany().HasForeignKey(s => s.MembershipId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Shop>().WithMany().HasForeignKey(s => s.ShopId).OnDelete(DeleteBehavior.Restrict);
    }
}
