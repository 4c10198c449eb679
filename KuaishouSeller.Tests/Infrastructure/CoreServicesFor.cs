using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Auditing;
using KuaishouSeller.Core.Catalog;
using KuaishouSeller.Core.Dashboard;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Shops;
using KuaishouSeller.Core.Workspace;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Tests.Infrastructure;

/// <summary>The Core application services wired to one test database and clock, as the app wires them.</summary>
public sealed class CoreServicesFor(TestDatabase database, TimeProvider clock)
{
    private sealed class Factory(TestDatabase database) : IDbContextFactory<AppDbContext>
    {
        public AppDbContext CreateDbContext() => database.CreateContext();
    }

    public IDbContextFactory<AppDbContext> Contexts { get; } = new Factory(database);
    public AuditTrail Audit => new(Contexts, clock);
    public AccessService Access => new(Contexts, clock, Audit);
    public WorkspaceService Workspaces => new(Contexts, Access, Audit, clock);
    public DelegationService Delegations => new(Contexts, Access, Audit, clock);
    public StaffService Staff => new(Contexts, Access, Audit, clock);
    public KuaishouSeller.Core.Inventory.StockService Stock => new(Contexts, Access, Audit, clock);
    public AuditQueries AuditLog => new(Contexts, Access);
    public DashboardQueries Dashboard => new(Contexts, Workspaces, clock);
    public ShopQueries Shops => new(Contexts, Workspaces, clock);
    public CatalogQueries Catalog => new(Contexts, Workspaces);
    public CatalogService CatalogEdits => new(Contexts, Access, Audit, clock);
    public KuaishouSeller.Core.Campaigns.CampaignService Campaigns => new(Contexts, Access, Workspaces, Audit, clock);
    public KuaishouSeller.Core.Campaigns.CampaignQueries CampaignViews => new(Contexts, Access, Workspaces, clock);
    public KuaishouSeller.Core.Inventory.StockQueries StockViews => new(Contexts, Workspaces);
    public KuaishouSeller.Core.Transfer.ImportService Imports => new(Contexts, Workspaces, Access, Audit, clock);
    public KuaishouSeller.Core.Transfer.ExportService Exports => new(Contexts, Workspaces);
    public KuaishouSeller.Core.Planning.PlanService Plans => new(Contexts, Workspaces, Access, Audit, clock);
    public KuaishouSeller.Core.Scores.ScoreService Scores => new(Contexts, Access, Audit, clock);
    public KuaishouSeller.Core.Scores.ScoreQueries ScoreViews => new(Contexts, Workspaces, Access);
    public KuaishouSeller.Core.Orders.OrderQueries OrderViews => new(Contexts, Access);
    public KuaishouSeller.Core.Rollups.RollupService Rollups => new(Contexts, clock);

    public async Task<string> UserIdAsync(string email)
    {
        await using var db = database.CreateContext();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }
}
