using KuaishouSeller.Core.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KuaishouSeller.Core.Access;

internal sealed class DelegationAssignmentConfiguration : IEntityTypeConfiguration<DelegationAssignment>
{
    public void Configure(EntityTypeBuilder<DelegationAssignment> builder)
    {
        builder.HasKey(a => new { a.DelegationId, a.UserId });
        builder.HasOne<Delegation>().WithMany().HasForeignKey(a => a.DelegationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => a.UserId);
    }
}
