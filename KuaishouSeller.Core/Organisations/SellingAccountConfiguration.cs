using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KuaishouSeller.Core.Organisations;

internal sealed class SellingAccountConfiguration : IEntityTypeConfiguration<SellingAccount>
{
    public void Configure(EntityTypeBuilder<SellingAccount> builder)
    {
        builder.HasOne<Organisation>().WithMany().HasForeignKey(a => a.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Shop>().WithMany().HasForeignKey(a => a.ShopId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => a.KuaishouId).IsUnique();
        builder.HasIndex(a => a.OrganisationId);
        builder.HasIndex(a => a.ShopId);
    }
}
