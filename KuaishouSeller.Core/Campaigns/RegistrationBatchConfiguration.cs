using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KuaishouSeller.Core.Campaigns;

internal sealed class RegistrationBatchConfiguration : IEntityTypeConfiguration<RegistrationBatch>
{
    public void Configure(EntityTypeBuilder<RegistrationBatch> builder)
    {
        builder.HasOne<Campaign>().WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(x => new { x.OrganisationId, x.CampaignId });
    }
}
