using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Organisations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KuaishouSeller.Core.Service;

internal sealed class ChatMessageConfiguration : IEntityTypeConfiguration<ChatMessage>
{
    public void Configure(EntityTypeBuilder<ChatMessage> builder)
    {
        builder.HasOne<ChatSession>().WithMany().HasForeignKey(m => m.ChatSessionId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(m => m.Text).HasMaxLength(ConversationRules.MaxMessageLength);
        builder.Property(m => m.StaffUserId).HasMaxLength(450);
        builder.Property(m => m.StaffName).HasMaxLength(100);
        // A conversation's messages in order.
        builder.HasIndex(m => new { m.ChatSessionId, m.Id });
    }
}

internal sealed class QuickPhraseConfiguration : IEntityTypeConfiguration<QuickPhrase>
{
    public void Configure(EntityTypeBuilder<QuickPhrase> builder)
    {
        builder.HasOne<Organisation>().WithMany().HasForeignKey(p => p.MerchantId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(p => p.Text).HasMaxLength(ConversationRules.MaxPhraseLength);
        builder.HasIndex(p => new { p.MerchantId, p.Position });
    }
}
