namespace KuaishouSeller.Web.Components.Pages.Todo;

/// <summary>Where each to-do opens: the list, already filtered to exactly what the count counted.</summary>
public static class TodoLinks
{
    public const string ToShip = "/orders?state=paid";
    public static readonly string DueSoon = $"/orders?state=paid&due={KuaishouSeller.Core.Todo.TodoRules.DueSoonHours}";
    public const string Overdue = "/orders?state=paid&overdue=1";
    public const string DueToday = "/orders?state=paid&due=today&sort=stake";
    public const string AfterSales = "/after-sales?stage=pending";
    public const string Chats = "/service?view=waiting";
    public const string LowStock = "/inventory?low=1";
    public static string Rejections(long? campaignId) => campaignId is { } id ? $"/campaigns/{id}" : "/campaigns";
}
