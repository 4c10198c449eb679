using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KuaishouSeller.Core.Catalog;

internal sealed class ListingPriceChangeConfiguration : IEntityTypeConfiguration<ListingPriceChange>
{
    public void Configure(EntityTypeBuilder<ListingPriceChange> builder)
    {
        builder.HasOne<Listing>().WithMany().HasForeignKey(c => c.ListingId).OnDelete(DeleteBehavior.Cascade);
        // The 30-day lowest price of a set of listings.
        builder.HasIndex(c => new { c.ListingId, c.ChangedAt });
    }
}
