using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Auditing;
using KuaishouSeller.Core.Campaigns;
using KuaishouSeller.Core.Catalog;
using KuaishouSeller.Core.Identity;
using KuaishouSeller.Core.Inventory;
using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Planning;
using KuaishouSeller.Core.Rollups;
using KuaishouSeller.Core.Scores;
using KuaishouSeller.Core.Transfer;
using KuaishouSeller.Core.Organisations;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace KuaishouSeller.Core.Persistence;

/// <summary>
/// The one model for every provider. Provider-specific subclasses exist only so that each provider
/// keeps its own migrations (see <see cref="DatabaseSetup"/>).
/// </summary>
public abstract class AppDbContext(DbContextOptions options)
    : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<Shop> Shops => Set<Shop>();
    public DbSet<SellingAccount> SellingAccounts => Set<SellingAccount>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<Category> Categories => Set<Category>();
    public DbSet<Spu> Spus => Set<Spu>();
    public DbSet<Sku> Skus => Set<Sku>();
    public DbSet<Listing> Listings => Set<Listing>();
    public DbSet<StockItem> StockItems => Set<StockItem>();
    public DbSet<StockLedgerEntry> StockLedger => Set<StockLedgerEntry>();
    public DbSet<ShopStockQuota> ShopStockQuotas => Set<ShopStockQuota>();
    public DbSet<PlanTarget> PlanTargets => Set<PlanTarget>();
    public DbSet<ImportStagingRow> ImportStagingRows => Set<ImportStagingRow>();
    public DbSet<Rulebook> Rulebooks => Set<Rulebook>();
    public DbSet<DailySales> DailySales => Set<DailySales>();
    public DbSet<TrafficDay> Traffic => Set<TrafficDay>();
    public DbSet<DailyListingSales> DailyListingSales => Set<DailyListingSales>();
    public DbSet<DailyPartnerSales> DailyPartnerSales => Set<DailyPartnerSales>();
    public DbSet<RollupState> RollupStates => Set<RollupState>();
    public DbSet<KuaishouSeller.Core.Programmes.ProgrammeEnrolment> ProgrammeEnrolments => Set<KuaishouSeller.Core.Programmes.ProgrammeEnrolment>();
    public DbSet<ScoreSnapshot> ScoreSnapshots => Set<ScoreSnapshot>();
    public DbSet<ScorePeer> ScorePeers => Set<ScorePeer>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<Refund> Refunds => Set<Refund>();
    public DbSet<Review> Reviews => Set<Review>();
    public DbSet<Complaint> Complaints => Set<Complaint>();
    public DbSet<ChatSession> ChatSessions => Set<ChatSession>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<Role> RoleDefinitions => Set<Role>();
    public DbSet<MembershipShop> MembershipShops => Set<MembershipShop>();
    public DbSet<Delegation> Delegations => Set<Delegation>();
    public DbSet<DelegationShop> DelegationShops => Set<DelegationShop>();
    public DbSet<DelegationAssignment> DelegationAssignments => Set<DelegationAssignment>();
    public DbSet<WorkspaceVisit> WorkspaceVisits => Set<WorkspaceVisit>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<ListingPriceChange> ListingPriceChanges => Set<ListingPriceChange>();
    public DbSet<KuaishouSeller.Core.Shops.Violation> Violations => Set<KuaishouSeller.Core.Shops.Violation>();
    public DbSet<Campaign> Campaigns => Set<Campaign>();
    public DbSet<CampaignPhase> CampaignPhases => Set<CampaignPhase>();
    public DbSet<ParticipationPlan> ParticipationPlans => Set<ParticipationPlan>();
    public DbSet<CampaignRegistration> CampaignRegistrations => Set<CampaignRegistration>();
    public DbSet<RegistrationBatch> RegistrationBatches => Set<RegistrationBatch>();
    public DbSet<CarryApplication> CarryApplications => Set<CarryApplication>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configuration)
    {
        // Every instant is UTC. SQLite hands DateTime back as Unspecified; mark it so the
        // Asia/Shanghai conversion in the UI is always right, and Npgsql accepts it for timestamptz.
        configuration.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configuration.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
        configuration.Properties<string>().HaveMaxLength(256);
    }

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);

        b.Entity<AppUser>().Property(u => u.DisplayName).HasMaxLength(100);
        b.Entity<AppUser>().Property(u => u.PreferredCulture).HasMaxLength(10);
        b.Entity<DataProtectionKey>().Property(k => k.Xml).HasMaxLength(int.MaxValue);

        b.Entity<Organisation>(e =>
        {
            e.Property(o => o.Name).HasMaxLength(100);
            e.HasIndex(o => o.Kind);
        });
        b.Entity<Shop>(e =>
        {
            e.Property(s => s.Name).HasMaxLength(100);
            e.HasOne<Organisation>().WithMany().HasForeignKey(s => s.MerchantId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Category>().WithMany().HasForeignKey(s => s.MainCategoryId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(s => s.MerchantId);
        });
        b.Entity<SellingAccount>(e =>
        {
            e.HasOne<Organisation>().WithMany().HasForeignKey(a => a.OrganisationId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Shop>().WithMany().HasForeignKey(a => a.ShopId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(a => a.KuaishouId).IsUnique();
            e.HasIndex(a => a.OrganisationId);
            e.HasIndex(a => a.ShopId);
        });
        b.Entity<Membership>(e =>
        {
            e.HasOne<AppUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Organisation>().WithMany().HasForeignKey(m => m.OrganisationId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Role>().WithMany().HasForeignKey(m => m.RoleId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(m => new { m.UserId, m.OrganisationId }).IsUnique();
            e.HasIndex(m => m.OrganisationId);
        });
        b.Entity<MembershipShop>(e =>
        {
            e.HasKey(s => new { s.MembershipId, s.ShopId });
            e.HasOne<Membership>().WithMany().HasForeignKey(s => s.MembershipId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Shop>().WithMany().HasForeignKey(s => s.ShopId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<Role>(e =>
        {
            e.ToTable("Roles"); // ours; ASP.NET Identity's unused roles live in AspNetRoles
            e.Property(r => r.Permissions).HasMaxLength(2000);
            e.HasOne<Organisation>().WithMany().HasForeignKey(r => r.OrganisationId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(r => r.OrganisationId);
            e.Ignore(r => r.IsBuiltIn);
            // Built-in roles are part of the schema; custom roles are numbered after them (PostgreSQL needs to be told,
            // SQLite continues after the highest id by itself).
            e.Property(r => r.Id).HasIdentityOptions(startValue: BuiltInRoles.FirstCustomRoleId);
            e.HasData(BuiltInRoles.All);
        });
        b.Entity<Delegation>(e =>
        {
            e.Property(d => d.Permissions).HasMaxLength(2000);
            e.Property(d => d.Note).HasMaxLength(500);
            e.HasOne<Organisation>().WithMany().HasForeignKey(d => d.MerchantId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Organisation>().WithMany().HasForeignKey(d => d.AgencyId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(d => new { d.MerchantId, d.Status });
            e.HasIndex(d => new { d.AgencyId, d.Status });
        });
        b.Entity<DelegationShop>(e =>
        {
            e.HasKey(s => new { s.DelegationId, s.ShopId });
            e.HasOne<Delegation>().WithMany().HasForeignKey(s => s.DelegationId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Shop>().WithMany().HasForeignKey(s => s.ShopId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<DelegationAssignment>(e =>
        {
            e.HasKey(a => new { a.DelegationId, a.UserId });
            e.HasOne<Delegation>().WithMany().HasForeignKey(a => a.DelegationId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<AppUser>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(a => a.UserId);
        });
        b.Entity<Invitation>(e =>
        {
            e.Property(i => i.ShopIds).HasMaxLength(2000);
            e.HasOne<Organisation>().WithMany().HasForeignKey(i => i.OrganisationId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Role>().WithMany().HasForeignKey(i => i.RoleId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(i => i.TokenHash).IsUnique();
            e.HasIndex(i => new { i.OrganisationId, i.Email });
        });
        b.Entity<WorkspaceVisit>(e =>
        {
            e.HasOne<AppUser>().WithMany().HasForeignKey(v => v.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Organisation>().WithMany().HasForeignKey(v => v.OrganisationId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(v => new { v.UserId, v.OrganisationId, v.ShopId });
        });

        b.Entity<Category>(e =>
        {
            e.HasIndex(c => c.Code).IsUnique();
            e.HasOne<Category>().WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<Spu>(e =>
        {
            e.HasOne<Organisation>().WithMany().HasForeignKey(s => s.MerchantId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Category>().WithMany().HasForeignKey(s => s.CategoryId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(s => new { s.MerchantId, s.Code }).IsUnique();
            e.HasIndex(s => s.CategoryId);
        });
        b.Entity<Sku>(e =>
        {
            e.HasOne<Spu>().WithMany().HasForeignKey(s => s.SpuId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(s => new { s.MerchantId, s.Code }).IsUnique();
            e.HasIndex(s => s.SpuId);
        });
        b.Entity<Listing>(e =>
        {
            e.HasOne<Shop>().WithMany().HasForeignKey(l => l.ShopId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Sku>().WithMany().HasForeignKey(l => l.SkuId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(l => new { l.ShopId, l.SkuId }).IsUnique();
            e.HasIndex(l => l.SkuId);
        });

        b.Entity<StockItem>(e =>
        {
            e.HasKey(s => s.SkuId);
            e.HasOne<Sku>().WithOne().HasForeignKey<StockItem>(s => s.SkuId).OnDelete(DeleteBehavior.Restrict);
            e.Ignore(s => s.Available);
            e.Ignore(s => s.SharedAvailable);
            e.HasIndex(s => s.MerchantId);
            // The low-stock alerts: a partial index holds only the SKUs at or below their threshold, so the alert
            // count and the "alerts only" page read a few rows instead of the whole pool (same SQL on both providers).
            e.HasIndex(s => s.MerchantId, "IX_StockItems_LowStock")
                .HasFilter("\"OnHand\" - \"Reserved\" - \"CampaignLocked\" <= \"LowStockThreshold\"");
            e.ToTable(t => t.HasCheckConstraint("CK_StockItems_NotOversold",
                "\"OnHand\" >= 0 AND \"Reserved\" >= 0 AND \"CampaignLocked\" >= 0 AND \"QuotaAllocated\" >= 0 AND \"LowStockThreshold\" >= 0 " +
                "AND \"Reserved\" + \"CampaignLocked\" + \"QuotaAllocated\" <= \"OnHand\""));
        });
        b.Entity<ShopStockQuota>(e =>
        {
            e.HasKey(q => new { q.SkuId, q.ShopId });
            e.HasOne<StockItem>().WithMany().HasForeignKey(q => q.SkuId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Shop>().WithMany().HasForeignKey(q => q.ShopId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(q => q.ShopId);
            e.ToTable(t => t.HasCheckConstraint("CK_ShopStockQuotas_NotNegative", "\"Remaining\" >= 0"));
        });
        // Rollups: keyed by what the dashboard filters on (day range per shop), so its reads are index range scans.
        b.Entity<DailySales>(e => e.HasKey(r => new { r.ShopId, r.Day, r.Channel, r.Entrance }));
        b.Entity<TrafficDay>(e => e.HasKey(r => new { r.ShopId, r.Day, r.Channel, r.Entrance }));
        b.Entity<DailyListingSales>(e => e.HasKey(r => new { r.ShopId, r.Day, r.ListingId }));
        b.Entity<DailyPartnerSales>(e => e.HasKey(r => new { r.ShopId, r.Day, r.Kind, r.PartnerId }));
        b.Entity<RollupState>(e => e.Property(s => s.Id).ValueGeneratedNever());
        b.Entity<KuaishouSeller.Core.Programmes.ProgrammeEnrolment>(e =>
        {
            e.HasOne<Shop>().WithMany().HasForeignKey(p => p.ShopId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(p => new { p.ShopId, p.Programme }).IsUnique();
        });
        b.Entity<Rulebook>(e =>
        {
            e.HasIndex(r => new { r.Subject, r.Version }).IsUnique();
            e.Property(r => r.Definition).HasMaxLength(int.MaxValue);
            e.Property(r => r.Note).HasMaxLength(500);
        });
        b.Entity<ScoreSnapshot>(e =>
        {
            e.HasOne<Rulebook>().WithMany().HasForeignKey(s => s.RulebookId).OnDelete(DeleteBehavior.Restrict);
            e.Property(s => s.Detail).HasMaxLength(int.MaxValue);
            e.Property(s => s.Tier).HasMaxLength(16);
            // A subject's history (trend chart) and one day's list of a shop's products.
            e.HasIndex(s => new { s.Subject, s.SubjectId, s.Day }).IsUnique();
            e.HasIndex(s => new { s.Day, s.Subject, s.ShopId });
        });
        b.Entity<ScorePeer>(e =>
        {
            e.HasKey(p => new { p.Day, p.Subject, p.CategoryId, p.Code });
            e.Property(p => p.Code).HasMaxLength(64);
        });
        b.Entity<ImportStagingRow>(e =>
        {
            e.HasKey(r => new { r.BatchId, r.RowNumber });
            e.HasIndex(r => new { r.BatchId, r.SkuId });
        });
        b.Entity<PlanTarget>(e =>
        {
            e.HasOne<Shop>().WithMany().HasForeignKey(p => p.ShopId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(p => new { p.ShopId, p.Month, p.Channel }).IsUnique();
            e.HasIndex(p => new { p.MerchantId, p.Month });
            e.ToTable(t => t.HasCheckConstraint("CK_PlanTargets_NotNegative", "\"GmvTargetFen\" >= 0 AND \"OrdersTarget\" >= 0"));
        });
        b.Entity<ListingPriceChange>(e =>
        {
            e.HasOne<Listing>().WithMany().HasForeignKey(c => c.ListingId).OnDelete(DeleteBehavior.Cascade);
            // The 30-day lowest price of a set of listings.
            e.HasIndex(c => new { c.ListingId, c.ChangedAt });
        });
        b.Entity<KuaishouSeller.Core.Shops.Violation>(e =>
        {
            e.HasOne<Shop>().WithMany().HasForeignKey(v => v.ShopId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(v => new { v.ShopId, v.ClosedAt });
            e.Property(v => v.DescriptionZh).HasMaxLength(500);
            e.Property(v => v.DescriptionEn).HasMaxLength(500);
        });
        b.Entity<Campaign>(e => e.HasIndex(c => c.Code).IsUnique());
        b.Entity<CampaignPhase>(e =>
        {
            e.HasOne<Campaign>().WithMany().HasForeignKey(p => p.CampaignId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(p => p.CampaignId);
        });
        b.Entity<ParticipationPlan>(e =>
        {
            e.HasOne<Campaign>().WithMany().HasForeignKey(p => p.CampaignId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(p => p.CampaignId);
            e.Property(p => p.Rules).HasMaxLength(4000);
            e.Property(p => p.SubsidyRatePercent).HasPrecision(5, 2);
        });
        b.Entity<RegistrationBatch>(e =>
        {
            e.HasOne<Campaign>().WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.OrganisationId, x.CampaignId });
        });
        b.Entity<CampaignRegistration>(e =>
        {
            e.HasOne<Campaign>().WithMany().HasForeignKey(r => r.CampaignId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<ParticipationPlan>().WithMany().HasForeignKey(r => r.PlanId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<RegistrationBatch>().WithMany().HasForeignKey(r => r.BatchId).OnDelete(DeleteBehavior.SetNull);
            e.Property(r => r.CommissionPercent).HasPrecision(5, 2);
            e.Property(r => r.AutoAcceptCreatorScore).HasPrecision(5, 2);
            e.Property(r => r.Problems).HasMaxLength(2000);
            e.Property(r => r.RejectReason).HasMaxLength(500);
            // One live registration per product card (or creator account) and plan: a second one is refused, also in a race.
            e.HasIndex(r => new { r.PlanId, r.ListingId }, "IX_CampaignRegistrations_LiveListing").IsUnique().HasFilter("\"State\" < 5 AND \"ListingId\" IS NOT NULL");
            e.HasIndex(r => new { r.PlanId, r.AccountId }, "IX_CampaignRegistrations_LiveAccount").IsUnique().HasFilter("\"State\" < 5 AND \"ListingId\" IS NULL");
            // The reviewer queue (campaign, state, oldest first), a registrant's list, a batch's rows, the goods pool.
            e.HasIndex(r => new { r.CampaignId, r.State, r.SubmittedAt });
            // The default queue (submitted and under review together) walks this in order instead of sorting.
            e.HasIndex(r => new { r.CampaignId, r.SubmittedAt, r.Id });
            e.HasIndex(r => new { r.OrganisationId, r.CampaignId, r.State });
            e.HasIndex(r => new { r.BatchId, r.State });
            e.HasIndex(r => new { r.SkuId, r.State });
            e.ToTable(t => t.HasCheckConstraint("CK_CampaignRegistrations_Amounts",
                "\"CampaignPriceFen\" >= 0 AND \"CommittedStock\" >= 0 AND \"LockedStock\" >= 0"));
        });
        b.Entity<CarryApplication>(e =>
        {
            e.HasOne<CampaignRegistration>().WithMany().HasForeignKey(a => a.RegistrationId).OnDelete(DeleteBehavior.Cascade);
            // A creator applies once per product.
            e.HasIndex(a => new { a.RegistrationId, a.CreatorId }).IsUnique();
            e.HasIndex(a => new { a.CreatorId, a.CampaignId });
        });
        b.Entity<StockLedgerEntry>(e =>
        {
            e.HasOne<Sku>().WithMany().HasForeignKey(l => l.SkuId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(l => new { l.SkuId, l.At });
            e.HasIndex(l => new { l.MerchantId, l.At });
        });

        b.Entity<Order>(e =>
        {
            e.HasOne<Shop>().WithMany().HasForeignKey(o => o.ShopId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Listing>().WithMany().HasForeignKey(o => o.ListingId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(o => o.OrderNo).IsUnique();
            // The hot paths: a shop's or merchant's orders over a period, a listing's and a creator's orders.
            e.HasIndex(o => new { o.ShopId, o.PaidAt });
            e.HasIndex(o => new { o.MerchantId, o.PaidAt });
            e.HasIndex(o => new { o.ListingId, o.PaidAt });
            e.HasIndex(o => new { o.CreatorId, o.PaidAt });
        });
        b.Entity<Refund>(e =>
        {
            e.HasOne<Order>().WithMany().HasForeignKey(r => r.OrderId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(r => new { r.ShopId, r.RequestedAt });
            e.HasIndex(r => r.OrderId);
        });
        b.Entity<Review>(e =>
        {
            e.HasOne<Order>().WithMany().HasForeignKey(r => r.OrderId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(r => new { r.ShopId, r.CreatedAt });
            e.HasIndex(r => new { r.ListingId, r.CreatedAt });
            e.HasIndex(r => r.OrderId).IsUnique();
            e.ToTable(t => t.HasCheckConstraint("CK_Reviews_Rating", "\"Rating\" BETWEEN 1 AND 5"));
        });
        b.Entity<Complaint>(e =>
        {
            e.HasOne<Order>().WithMany().HasForeignKey(c => c.OrderId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(c => new { c.ShopId, c.CreatedAt });
            e.HasIndex(c => c.OrderId);
        });
        b.Entity<ChatSession>(e =>
        {
            e.HasOne<Shop>().WithMany().HasForeignKey(c => c.ShopId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(c => new { c.ShopId, c.StartedAt });
        });

        b.Entity<AuditEntry>(e =>
        {
            e.Property(a => a.Before).HasMaxLength(8000);
            e.Property(a => a.After).HasMaxLength(8000);
            e.HasIndex(a => new { a.OrganisationId, a.At });
            e.HasIndex(a => new { a.ActorUserId, a.At });
        });
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : DateTime.SpecifyKind(v, DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
