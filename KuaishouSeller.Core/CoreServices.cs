using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Auditing;
using KuaishouSeller.Core.Workspace;
using KuaishouSeller.Core.Catalog;
using KuaishouSeller.Core.Dashboard;
using KuaishouSeller.Core.Inventory;
using KuaishouSeller.Core.Planning;
using KuaishouSeller.Core.Scores;
using KuaishouSeller.Core.Shops;
using KuaishouSeller.Core.Transfer;
using Microsoft.Extensions.DependencyInjection;

namespace KuaishouSeller.Core;

public static class CoreServices
{
    /// <summary>The application services the UI calls; each checks the caller's scope itself.</summary>
    public static IServiceCollection AddKuaishouCore(this IServiceCollection services)
    {
        services.AddScoped<AuditTrail>();
        services.AddScoped<AccessService>();
        services.AddScoped<Commands.CommandRunner>();
        services.AddScoped<WorkspaceService>();
        services.AddScoped<ScopeMemo>();
        services.AddScoped<DelegationService>();
        services.AddScoped<StaffService>();
        services.AddScoped<AuditQueries>();
        services.AddScoped<StockService>();
        services.AddScoped<DashboardQueries>();
        services.AddSingleton<DashboardCache>();
        services.AddSingleton<Api.ApiKeyCache>();
        services.AddScoped<ShopQueries>();
        services.AddScoped<CatalogQueries>();
        services.AddScoped<CatalogService>();
        services.AddScoped<StockQueries>();
        services.AddScoped<ImportService>();
        services.AddScoped<ExportService>();
        services.AddScoped<PlanService>();
        services.AddScoped<ScoreService>();
        services.AddScoped<ScoreQueries>();
        services.AddScoped<Orders.OrderQueries>();
        services.AddScoped<Orders.OrderCommands>();
        services.AddScoped<Orders.OrderListQueries>();
        services.AddScoped<Orders.CarrierScans>();
        services.AddScoped<Rollups.RollupService>();
        services.AddScoped<Settlement.SettlementQueries>();
        services.AddScoped<Programmes.GrowthProgrammes>();
        services.AddScoped<Campaigns.CampaignService>();
        services.AddScoped<Campaigns.CampaignQueries>();
        services.AddScoped<Home.HomeQueries>();
        services.AddScoped<Todo.TodoQueries>();
        services.AddScoped<Service.ConversationService>();
        services.AddScoped<Service.ConversationQueries>();
        services.AddScoped<Buyers.BuyerRevealService>();
        services.AddScoped<AfterSales.AfterSaleCommands>();
        services.AddScoped<AfterSales.AfterSaleQueries>();
        services.AddScoped<Api.ApiKeyService>();
        services.AddSingleton<Orders.IntakeBatcher>();
        services.AddScoped<Orders.OrderIntake>();
        services.AddScoped<Orders.CarrierEvents>();
        services.AddScoped<AfterSales.AfterSaleRequests>();
        Webhooks.WebhookRegistration.Add(services);
        return services;
    }
}
