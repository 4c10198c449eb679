using KuaishouSeller.Core.Organisations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KuaishouSeller.Core.Access;

internal sealed class RoleConfiguration : IEntityTypeConfiguration<Role>
{
    public void Configure(EntityTypeBuilder<Role> builder)
    {
        builder.ToTable("Roles"); // ours; ASP.NET Identity's unused roles live in AspNetRoles
        builder.Property(r => r.Permissions).HasMaxLength(2000);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(r => r.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => r.OrganisationId);
        builder.Ignore(r => r.IsBuiltIn);
        // Built-in roles are part of the schema; custom roles are numbered after them (PostgreSQL needs to be told,
        // SQLite continues after the highest id by itself).
        builder.Property(r => r.Id).HasIdentityOptions(startValue: BuiltInRoles.FirstCustomRoleId);
        builder.HasData(BuiltInRoles.All);
    }
}
