using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KuaishouSeller.Core.Transfer;

internal sealed class ImportStagingRowConfiguration : IEntityTypeConfiguration<ImportStagingRow>
{
    public void Configure(EntityTypeBuilder<ImportStagingRow> builder)
    {
        builder.HasKey(r => new { r.BatchId, r.RowNumber });
        builder.HasIndex(r => new { r.BatchId, r.SkuId });
    }
}
