using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KuaishouSeller.Core.Rollups;

internal sealed class DailySalesConfiguration : IEntityTypeConfiguration<DailySales>
{
    public void Configure(EntityTypeBuilder<DailySales> builder)
    {
        // Rollups: keyed by what the dashboard filters on (day range per shop), so its reads are index range scans.
        builder.HasKey(r => new { r.ShopId, r.Day, r.Channel, r.Entrance });
    }
}
