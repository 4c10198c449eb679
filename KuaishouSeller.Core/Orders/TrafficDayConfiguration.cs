using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KuaishouSeller.Core.Orders;

internal sealed class TrafficDayConfiguration : IEntityTypeConfiguration<TrafficDay>
{
    public void Configure(EntityTypeBuilder<TrafficDay> builder)
    {
        // A rollup: keyed by what the dashboard filters on (day range per shop), so its reads are index range scans.
        builder.HasKey(r => new { r.ShopId, r.Day, r.Channel, r.Entrance });
    }
}
