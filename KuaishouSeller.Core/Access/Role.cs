using KuaishouSeller.Core.Organisations;

namespace KuaishouSeller.Core.Access;

/// <summary>
/// A named set of permissions. Built-in roles (OrganisationId null) are the same for every organisation of
/// their kind; merchants add custom roles of their own.
/// </summary>
public class Role
{
    public long Id { get; set; }
    /// <summary>Null for built-in roles; the owning organisation for custom roles.</summary>
    public long? OrganisationId { get; set; }
    public OrganisationKind OrganisationKind { get; set; }
    /// <summary>Stable key of a built-in role ("owner", "operations", ...); null for custom roles.</summary>
    public string? Key { get; set; }
    public string NameZh { get; set; } = "";
    public string NameEn { get; set; } = "";
    /// <summary>Comma-separated permission codes (see <see cref="PermissionCodes"/>).</summary>
    public string Permissions { get; set; } = "";
    public bool IsBuiltIn => OrganisationId is null;
}

/// <summary>The built-in roles, with fixed ids so that migrations seed them and code can refer to them.</summary>
public static class BuiltInRoles
{
    public const long Owner = 1, Admin = 2, Operations = 3, Inventory = 4, CustomerService = 5, Finance = 6, Analyst = 7,
        AgencyAdmin = 8, AgencyStaff = 9, CreatorOwner = 10, PlatformReviewer = 11;

    /// <summary>Ids below this are reserved for built-in roles.</summary>
    public const long FirstCustomRoleId = 1000;

    private static Role Make(long id, OrganisationKind kind, string key, string zh, string en, params Permission[] permissions) => new()
    {
        Id = id, OrganisationKind = kind, Key = key, NameZh = zh, NameEn = en,
        Permissions = PermissionCodes.FormatList(permissions),
    };

    public static IReadOnlyList<Role> All { get; } =
    [
        Make(Owner, OrganisationKind.Merchant, "owner", "店主", "Owner", [.. PermissionCodes.MerchantPermissions]),
        Make(Admin, OrganisationKind.Merchant, "admin", "管理员", "Admin",
            [.. PermissionCodes.MerchantPermissions.Where(p => p != Permission.DelegationsManage)]),
        Make(Operations, OrganisationKind.Merchant, "operations", "运营", "Operations",
            Permission.DashboardView, Permission.ShopsView, Permission.CatalogView, Permission.CatalogEdit, Permission.PricesEdit,
            Permission.StockView, Permission.PlanEdit, Permission.ScoresView, Permission.CampaignsView, Permission.CampaignsRegister,
            Permission.OrdersView, Permission.OrdersFulfil),
        Make(Inventory, OrganisationKind.Merchant, "inventory", "库存管理", "Inventory",
            Permission.DashboardView, Permission.CatalogView, Permission.StockView, Permission.StockAdjust, Permission.OrdersView,
            Permission.OrdersFulfil),
        Make(CustomerService, OrganisationKind.Merchant, "customer-service", "客服", "Customer service",
            Permission.DashboardView, Permission.ShopsView, Permission.CustomerService, Permission.ScoresView, Permission.OrdersView,
            Permission.AfterSalesHandle, Permission.BuyerDataReveal),
        Make(Finance, OrganisationKind.Merchant, "finance", "财务", "Finance",
            Permission.DashboardView, Permission.ShopsView, Permission.FinanceView, Permission.OrdersView),
        Make(Analyst, OrganisationKind.Merchant, "analyst", "只读分析", "Read-only analyst",
            Permission.DashboardView, Permission.ShopsView, Permission.CatalogView, Permission.StockView, Permission.ScoresView,
            Permission.CampaignsView, Permission.FinanceView, Permission.OrdersView),
        Make(AgencyAdmin, OrganisationKind.Agency, "agency-admin", "服务商管理员", "Agency admin",
            Permission.StaffManage, Permission.DelegationsManage, Permission.AuditView),
        Make(AgencyStaff, OrganisationKind.Agency, "agency-staff", "服务商员工", "Agency staff"),
        Make(CreatorOwner, OrganisationKind.Creator, "creator-owner", "达人", "Creator",
            Permission.DashboardView, Permission.CreatorCarry, Permission.ScoresView, Permission.CampaignsView, Permission.StaffManage),
        Make(PlatformReviewer, OrganisationKind.Platform, "reviewer", "平台小二", "Platform reviewer",
            Permission.CampaignsView, Permission.CampaignsReview),
    ];
}
