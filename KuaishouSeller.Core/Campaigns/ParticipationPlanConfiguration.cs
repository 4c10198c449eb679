using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KuaishouSeller.Core.Campaigns;

internal sealed class ParticipationPlanConfiguration : IEntityTypeConfiguration<ParticipationPlan>
{
    public void Configure(EntityTypeBuilder<ParticipationPlan> builder)
    {
        builder.HasOne<Campaign>().WithMany().HasForeignKey(p => p.CampaignId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => p.CampaignId);
        builder.Property(p => p.Rules).HasMaxLength(4000);
        builder.Property(p => p.SubsidyRatePercent).HasPrecision(5, 2);
    }
}
