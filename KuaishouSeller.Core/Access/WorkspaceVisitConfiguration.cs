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
        // One row per user and workspace, so recording a visit or a favourite in two tabs at once cannot make a
        // second row: a unique index needs two halves because NULL ("all shops") never equals NULL in a unique index.
        // Double-quoted identifiers are standard SQL, read the same by PostgreSQL and SQLite.
        builder.HasIndex(v => new { v.UserId, v.OrganisationId, v.ShopId }, "IX_WorkspaceVisits_Shop")
            .IsUnique().HasFilter("\"ShopId\" IS NOT NULL");
        builder.HasIndex(v => new { v.UserId, v.OrganisationId }, "IX_WorkspaceVisits_AllShops")
            .IsUnique().HasFilter("\"ShopId\" IS NULL");
    }
}
