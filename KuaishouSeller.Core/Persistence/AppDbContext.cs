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
    public DbSet<KuaishouSeller.Core.Buyers.Buyer> Buyers => Set<KuaishouSeller.Core.Buyers.Buyer>();
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
    public DbSet<KuaishouSeller.Core.Jobs.JobRun> JobRuns => Set<KuaishouSeller.Core.Jobs.JobRun>();
    public DbSet<KuaishouSeller.Core.Service.ChatMessage> ChatMessages => Set<KuaishouSeller.Core.Service.ChatMessage>();
    public DbSet<KuaishouSeller.Core.Service.QuickPhrase> QuickPhrases => Set<KuaishouSeller.Core.Service.QuickPhrase>();
    public DbSet<KuaishouSeller.Core.Api.ApiKey> ApiKeys => Set<KuaishouSeller.Core.Api.ApiKey>();
    public DbSet<IntakeOrder> IntakeOrders => Set<IntakeOrder>();
    public DbSet<KuaishouSeller.Core.Webhooks.WebhookSubscription> WebhookSubscriptions => Set<KuaishouSeller.Core.Webhooks.WebhookSubscription>();
    public DbSet<KuaishouSeller.Core.Webhooks.OutboxEvent> Outbox => Set<KuaishouSeller.Core.Webhooks.OutboxEvent>();
    public DbSet<KuaishouSeller.Core.Webhooks.WebhookDelivery> WebhookDeliveries => Set<KuaishouSeller.Core.Webhooks.WebhookDelivery>();
    public DbSet<KuaishouSeller.Core.Webhooks.WebhookAttempt> WebhookAttempts => Set<KuaishouSeller.Core.Webhooks.WebhookAttempt>();

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
        // One IEntityTypeConfiguration per entity, beside the entity in its feature folder.
        b.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : DateTime.SpecifyKind(v, DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
