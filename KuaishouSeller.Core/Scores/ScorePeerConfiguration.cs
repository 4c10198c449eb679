using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KuaishouSeller.Core.Scores;

internal sealed class ScorePeerConfiguration : IEntityTypeConfiguration<ScorePeer>
{
    public void Configure(EntityTypeBuilder<ScorePeer> builder)
    {
        builder.HasKey(p => new { p.Day, p.Subject, p.CategoryId, p.Code });
        builder.Property(p => p.Code).HasMaxLength(64);
    }
}
