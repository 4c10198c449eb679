using KuaishouSeller.Core.Organisations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KuaishouSeller.Core.Planning;

internal sealed class PlanTargetConfiguration : IEntityTypeConfiguration<PlanTarget>
{
    public void Configure(EntityTypeBuilder<PlanTarget> builder)
    {
        builder.HasOne<Shop>().WithMany().HasForeignKey(p => p.ShopId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => new { p.ShopId, p.Month, p.Channel }).IsUnique();
        builder.HasIndex(p => new { p.MerchantId, p.Month });
        builder.ToTable(t => t.HasCheckConstraint("CK_PlanTargets_NotNegative", "\"GmvTargetFen\" >= 0 AND \"OrdersTarget\" >= 0"));
    }
}
