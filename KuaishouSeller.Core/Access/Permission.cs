namespace KuaishouSeller.Core.Access;

/// <summary>
/// Everything a role or a delegation can allow. Stored by code (<see cref="PermissionCodes"/>), so the
/// numeric values may be reordered freely; codes never change once shipped.
/// </summary>
public enum Permission
{
    DashboardView,
    ShopsView,
    ShopsManage,
    CatalogView,
    CatalogEdit,
    PricesEdit,
    StockView,
    StockAdjust,
    PlanEdit,
    ScoresView,
    CampaignsView,
    CampaignsRegister,
    CampaignsReview,
    CreatorCarry,
    CustomerService,
    OrdersView,
    OrdersFulfil,
    AfterSalesHandle,
    BuyerDataReveal,
    FinanceView,
    StaffManage,
    RolesManage,
    DelegationsManage,
    AuditView,
}

public static class PermissionCodes
{
    private static readonly Dictionary<Permission, (string Code, string Zh, string En)> Table = new()
    {
        [Permission.DashboardView] = ("dashboard.view", "查看经营概览", "View the dashboard"),
        [Permission.ShopsView] = ("shops.view", "查看店铺与账号", "View shops and accounts"),
        [Permission.ShopsManage] = ("shops.manage", "管理店铺与账号", "Manage shops and accounts"),
        [Permission.CatalogView] = ("catalog.view", "查看商品", "View the catalog"),
        [Permission.CatalogEdit] = ("catalog.edit", "编辑商品", "Edit the catalog"),
        [Permission.PricesEdit] = ("prices.edit", "修改价格", "Change prices"),
        [Permission.StockView] = ("stock.view", "查看库存", "View stock"),
        [Permission.StockAdjust] = ("stock.adjust", "调整库存", "Adjust stock"),
        [Permission.PlanEdit] = ("plan.edit", "制定经营目标", "Edit the plan"),
        [Permission.ScoresView] = ("scores.view", "查看评分", "View scores"),
        [Permission.CampaignsView] = ("campaigns.view", "查看活动", "View campaigns"),
        [Permission.CampaignsRegister] = ("campaigns.register", "活动报名", "Register for campaigns"),
        [Permission.CampaignsReview] = ("campaigns.review", "审核活动报名", "Review campaign registrations"),
        [Permission.CreatorCarry] = ("creator.carry", "达人带货", "Carry goods as a creator"),
        [Permission.CustomerService] = ("service.handle", "接待买家会话", "Answer buyer conversations"),
        [Permission.OrdersView] = ("orders.view", "查看订单", "View orders"),
        [Permission.OrdersFulfil] = ("orders.fulfil", "发货与取消订单", "Ship and cancel orders"),
        [Permission.AfterSalesHandle] = ("aftersales.handle", "处理售后", "Handle after-sales"),
        [Permission.BuyerDataReveal] = ("buyers.reveal", "查看买家完整信息", "Reveal buyer data"),
        [Permission.FinanceView] = ("finance.view", "查看结算与财务", "View settlement and finance"),
        [Permission.StaffManage] = ("staff.manage", "管理员工", "Manage staff"),
        [Permission.RolesManage] = ("roles.manage", "管理角色", "Manage roles"),
        [Permission.DelegationsManage] = ("delegations.manage", "管理服务商授权", "Manage agency delegations"),
        [Permission.AuditView] = ("audit.view", "查看操作日志", "View the audit log"),
    };

    private static readonly Dictionary<string, Permission> ByCode = Table.ToDictionary(p => p.Value.Code, p => p.Key);

    public static string Code(this Permission permission) => Table[permission].Code;
    public static string NameZh(this Permission permission) => Table[permission].Zh;
    public static string NameEn(this Permission permission) => Table[permission].En;

    public static bool TryParse(string code, out Permission permission) => ByCode.TryGetValue(code.Trim(), out permission);

    /// <summary>"a,b,c" as stored in the database. Unknown codes are an error, not silently dropped.</summary>
    public static IReadOnlySet<Permission> ParseList(string? codes)
    {
        var set = new HashSet<Permission>();
        if (string.IsNullOrWhiteSpace(codes)) return set;
        foreach (var code in codes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!TryParse(code, out var permission))
                throw new InvalidOperationException($"Unknown permission code '{code}' in the database.");
            set.Add(permission);
        }
        return set;
    }

    public static string FormatList(IEnumerable<Permission> permissions) =>
        string.Join(",", permissions.Distinct().Order().Select(p => p.Code()));

    /// <summary>
    /// Never delegated (an agency cannot manage a merchant's people, roles, delegations or read its audit log): the one
    /// set that delegation validation, the request form, access checks, queries and navigation all read.
    /// </summary>
    public static readonly IReadOnlySet<Permission> OwnOnly = new HashSet<Permission>
        { Permission.StaffManage, Permission.RolesManage, Permission.DelegationsManage, Permission.AuditView };

    /// <summary>What a merchant may put in a delegation (and an agency may ask for): its permissions less the own-only ones.</summary>
    public static IReadOnlySet<Permission> Delegable => DelegableSet;

    /// <summary>What only merchants (goods owners) can grant; used to validate roles and delegations.</summary>
    public static readonly IReadOnlySet<Permission> MerchantPermissions = new HashSet<Permission>
    {
        Permission.DashboardView, Permission.ShopsView, Permission.ShopsManage, Permission.CatalogView, Permission.CatalogEdit,
        Permission.PricesEdit, Permission.StockView, Permission.StockAdjust, Permission.PlanEdit, Permission.ScoresView,
        Permission.CampaignsView, Permission.CampaignsRegister, Permission.CustomerService, Permission.OrdersView,
        Permission.OrdersFulfil, Permission.AfterSalesHandle, Permission.BuyerDataReveal, Permission.FinanceView, Permission.StaffManage, Permission.RolesManage, Permission.DelegationsManage, Permission.AuditView,
    };

    private static readonly IReadOnlySet<Permission> DelegableSet = MerchantPermissions.Where(p => !OwnOnly.Contains(p)).ToHashSet();
}
