using KuaishouSeller.Core.Identity;
using KuaishouSeller.Core.Organisations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KuaishouSeller.Core.Access;

internal sealed class WorkspaceVisitConfiguration : IEntityTypeConfiguration<WorkspaceVisit>
{
    public void Configure(EntityTypeBuilder<WorkspaceVisit> builder)
    {
        builder.HasOne<AppUser>().WithMany().HasForeignKey(v => v.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(v => v.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(v => new { v.UserId, v.OrganisationId, v.ShopId });
    }
}
