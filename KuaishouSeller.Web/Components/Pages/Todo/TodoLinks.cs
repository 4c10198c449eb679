namespace KuaishouSeller.Web.Components.Pages.Todo;

/// <summary>Where each to-do opens: the list, already filtered to exactly what the count counted.</summary>
public static class TodoLinks
{
    public const string ToShip = "/orders?state=ToShip";
    public static readonly string DueSoon = $"/orders?state=ToShip&within={KuaishouSeller.Core.Todo.TodoRules.DueSoonHours}";
    public const string Overdue = "/orders?state=ToShip&overdue=1";
    public const string DueToday = "/orders?state=ToShip&due=today&sort=stake";
    public const string AfterSales = "/after-sales?stage=ToAnswer";
    public const string Chats = "/service?view=waiting";
    public const string LowStock = "/inventory?low=1";
    public static string Rejections(long? campaignId) => campaignId is { } id ? $"/campaigns/{id}" : "/campaigns";
}
