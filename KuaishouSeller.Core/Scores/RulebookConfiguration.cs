using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KuaishouSeller.Core.Scores;

internal sealed class RulebookConfiguration : IEntityTypeConfiguration<Rulebook>
{
    public void Configure(EntityTypeBuilder<Rulebook> builder)
    {
        builder.HasIndex(r => new { r.Subject, r.Version }).IsUnique();
        builder.Property(r => r.Definition).HasMaxLength(int.MaxValue);
        builder.Property(r => r.Note).HasMaxLength(500);
    }
}
