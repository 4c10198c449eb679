using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KuaishouSeller.Core.Campaigns;

internal sealed class CampaignRegistrationConfiguration : IEntityTypeConfiguration<CampaignRegistration>
{
    public void Configure(EntityTypeBuilder<CampaignRegistration> builder)
    {
        builder.HasOne<Campaign>().WithMany().HasForeignKey(r => r.CampaignId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ParticipationPlan>().WithMany().HasForeignKey(r => r.PlanId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<RegistrationBatch>().WithMany().HasForeignKey(r => r.BatchId).OnDelete(DeleteBehavior.SetNull);
        builder.Property(r => r.CommissionPercent).HasPrecision(5, 2);
        builder.Property(r => r.AutoAcceptCreatorScore).HasPrecision(5, 2);
        builder.Property(r => r.Problems).HasMaxLength(2000);
        builder.Property(r => r.RejectReason).HasMaxLength(500);
        // One live registration per product card (or creator account) and plan: a second one is refused, also in a race.
        // "State" < 5 (Rejected) is RegistrationStates.LiveExpression: the database refuses a second live registration.
        builder.HasIndex(r => new { r.PlanId, r.ListingId }, "IX_CampaignRegistrations_LiveListing").IsUnique().HasFilter("\"State\" < 5 AND \"ListingId\" IS NOT NULL");
        builder.HasIndex(r => new { r.PlanId, r.AccountId }, "IX_CampaignRegistrations_LiveAccount").IsUnique().HasFilter("\"State\" < 5 AND \"ListingId\" IS NULL");
        // The reviewer queue (campaign, state, oldest first), a registrant's list, a batch's rows, the goods pool.
        builder.HasIndex(r => new { r.CampaignId, r.State, r.SubmittedAt });
        // The default queue (submitted and under review together) walks this in order instead of sorting.
        builder.HasIndex(r => new { r.CampaignId, r.SubmittedAt, r.Id });
        builder.HasIndex(r => new { r.OrganisationId, r.CampaignId, r.State });
        builder.HasIndex(r => new { r.BatchId, r.State });
        builder.HasIndex(r => new { r.SkuId, r.State });
        builder.ToTable(t => t.HasCheckConstraint("CK_CampaignRegistrations_Amounts",
            "\"CampaignPriceFen\" >= 0 AND \"CommittedStock\" >= 0 AND \"LockedStock\" >= 0"));
    }
}
