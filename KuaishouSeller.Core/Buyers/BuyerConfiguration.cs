using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KuaishouSeller.Core.Buyers;

internal sealed class BuyerConfiguration : IEntityTypeConfiguration<Buyer>
{
    public void Configure(EntityTypeBuilder<Buyer> builder)
    {
        builder.Property(b => b.Nickname).HasMaxLength(40);
        builder.Property(b => b.Name).HasMaxLength(40);
        builder.Property(b => b.Phone).HasMaxLength(20);
        builder.Property(b => b.Region).HasMaxLength(60);
        builder.Property(b => b.Street).HasMaxLength(120);
        // Order search by a buyer's full phone number is an exact lookup.
        builder.HasIndex(b => b.Phone);
    }
}
