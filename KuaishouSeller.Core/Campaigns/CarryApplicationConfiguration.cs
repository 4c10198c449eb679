using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KuaishouSeller.Core.Campaigns;

internal sealed class CarryApplicationConfiguration : IEntityTypeConfiguration<CarryApplication>
{
    public void Configure(EntityTypeBuilder<CarryApplication> builder)
    {
        builder.HasOne<CampaignRegistration>().WithMany().HasForeignKey(a => a.RegistrationId).OnDelete(DeleteBehavior.Cascade);
        // A creator applies once per product.
        builder.HasIndex(a => new { a.RegistrationId, a.CreatorId }).IsUnique();
        builder.HasIndex(a => new { a.CreatorId, a.CampaignId });
    }
}
