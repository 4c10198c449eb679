using KuaishouSeller.Core.Organisations;
using KuaishouSeller.Core.Service;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KuaishouSeller.Core.Orders;

internal sealed class ChatSessionConfiguration : IEntityTypeConfiguration<ChatSession>
{
    public void Configure(EntityTypeBuilder<ChatSession> builder)
    {
        builder.HasOne<Shop>().WithMany().HasForeignKey(c => c.ShopId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => new { c.ShopId, c.StartedAt });
        builder.Property(c => c.LastMessagePreview).HasMaxLength(ConversationRules.PreviewLength);
        builder.Property(c => c.AssignedUserId).HasMaxLength(450);
        builder.Property(c => c.AssignedName).HasMaxLength(100);
        builder.Property(c => c.ClosedBy).HasMaxLength(100);
        // The service list: per shop in queue order, by state (waiting, closed) and per colleague (mine).
        builder.HasIndex(c => new { c.ShopId, c.QueueRank, c.Id });
        builder.HasIndex(c => new { c.ShopId, c.State, c.QueueRank, c.Id });
        builder.HasIndex(c => new { c.AssignedUserId, c.State, c.QueueRank });
        // A buyer's open conversation with a shop, found when a message arrives.
        builder.HasIndex(c => new { c.ShopId, c.BuyerId, c.State });
    }
}
