using KuaishouSeller.Core;
using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Auditing;
using KuaishouSeller.Core.Catalog;
using KuaishouSeller.Core.Commands;
using KuaishouSeller.Core.Dashboard;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Shops;
using KuaishouSeller.Core.Workspace;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KuaishouSeller.Tests.Infrastructure;

/// <summary>
/// The Core services exactly as the app registers them (<see cref="CoreServices.AddKuaishouCore"/>), with only the
/// context factory (one test database) and the clock replaced.
/// </summary>
public sealed class CoreServicesFor
{
    private sealed class Factory(TestDatabase database) : IDbContextFactory<AppDbContext>
    {
        public AppDbContext CreateDbContext() => database.CreateContext();
    }

    private readonly TestDatabase _database;
    private readonly IServiceProvider _services;

    public CoreServicesFor(TestDatabase database, TimeProvider clock)
    {
        _database = database;
        Contexts = new Factory(database);
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(clock)
            .AddSingleton(database.Options)
            .AddSingleton(Contexts)
            .AddKuaishouCore();
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = false, ValidateOnBuild = true })
            .CreateScope().ServiceProvider;
    }

    public IDbContextFactory<AppDbContext> Contexts { get; }
    public IServiceProvider Services => _services;
    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public AuditTrail Audit => Get<AuditTrail>();
    public AccessService Access => Get<AccessService>();
    public CommandRunner Commands => Get<CommandRunner>();
    public WorkspaceService Workspaces => Get<WorkspaceService>();
    public DelegationService Delegations => Get<DelegationService>();
    public StaffService Staff => Get<StaffService>();
    public KuaishouSeller.Core.Inventory.StockService Stock => Get<KuaishouSeller.Core.Inventory.StockService>();
    public AuditQueries AuditLog => Get<AuditQueries>();
    public DashboardQueries Dashboard => Get<DashboardQueries>();
    public ShopQueries Shops => Get<ShopQueries>();
    public CatalogQueries Catalog => Get<CatalogQueries>();
    public CatalogService CatalogEdits => Get<CatalogService>();
    public KuaishouSeller.Core.Campaigns.CampaignService Campaigns => Get<KuaishouSeller.Core.Campaigns.CampaignService>();
    public KuaishouSeller.Core.Campaigns.CampaignQueries CampaignViews => Get<KuaishouSeller.Core.Campaigns.CampaignQueries>();
    public KuaishouSeller.Core.Inventory.StockQueries StockViews => Get<KuaishouSeller.Core.Inventory.StockQueries>();
    public KuaishouSeller.Core.Transfer.ImportService Imports => Get<KuaishouSeller.Core.Transfer.ImportService>();
    public KuaishouSeller.Core.Transfer.ExportService Exports => Get<KuaishouSeller.Core.Transfer.ExportService>();
    public KuaishouSeller.Core.Planning.PlanService Plans => Get<KuaishouSeller.Core.Planning.PlanService>();
    public KuaishouSeller.Core.Scores.ScoreService Scores => Get<KuaishouSeller.Core.Scores.ScoreService>();
    public KuaishouSeller.Core.Scores.ScoreQueries ScoreViews => Get<KuaishouSeller.Core.Scores.ScoreQueries>();
    public KuaishouSeller.Core.Orders.OrderQueries OrderViews => Get<KuaishouSeller.Core.Orders.OrderQueries>();
    public KuaishouSeller.Core.Rollups.RollupService Rollups => Get<KuaishouSeller.Core.Rollups.RollupService>();
    public KuaishouSeller.Core.Programmes.GrowthProgrammes Programmes => Get<KuaishouSeller.Core.Programmes.GrowthProgrammes>();

    public async Task<string> UserIdAsync(string email)
    {
        await using var db = _database.CreateContext();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }
}
