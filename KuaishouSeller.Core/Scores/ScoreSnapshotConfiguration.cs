using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KuaishouSeller.Core.Scores;

internal sealed class ScoreSnapshotConfiguration : IEntityTypeConfiguration<ScoreSnapshot>
{
    public void Configure(EntityTypeBuilder<ScoreSnapshot> builder)
    {
        builder.HasOne<Rulebook>().WithMany().HasForeignKey(s => s.RulebookId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(s => s.Detail).HasMaxLength(int.MaxValue);
        builder.Property(s => s.Tier).HasMaxLength(16);
        // A subject's history (trend chart) and one day's list of a shop's products.
        builder.HasIndex(s => new { s.Subject, s.SubjectId, s.Day }).IsUnique();
        builder.HasIndex(s => new { s.Day, s.Subject, s.ShopId });
    }
}
