using Microsoft.AspNetCore.Components;

namespace KuaishouSeller.Web.Components.Shared;

/// <summary>
/// Material icons as plain SVG markup for repeated rows, where a MudIcon or MudIconButton per row would be one more
/// component per row in the circuit's memory (a 50-row page held 1,300 components before rows went plain).
/// </summary>
public static class PlainIcon
{
    public static readonly MarkupString Edit = Svg(MudBlazor.Icons.Material.Filled.Edit);
    public static readonly MarkupString Delete = Svg(MudBlazor.Icons.Material.Filled.Delete);
    public static readonly MarkupString OpenInNew = Svg(MudBlazor.Icons.Material.Filled.OpenInNew);
    public static readonly MarkupString Rule = Svg(MudBlazor.Icons.Material.Filled.Rule);
    public static readonly MarkupString ChevronLeft = Svg(MudBlazor.Icons.Material.Filled.ChevronLeft);
    public static readonly MarkupString ChevronRight = Svg(MudBlazor.Icons.Material.Filled.ChevronRight);

    /// <summary>The tag class for a MudBlazor colour, so a plain tag reads like the chip it replaces.</summary>
    public static string TagClass(MudBlazor.Color color) => color switch
    {
        MudBlazor.Color.Success => "ks-tag success",
        MudBlazor.Color.Error => "ks-tag error",
        MudBlazor.Color.Warning => "ks-tag warning",
        MudBlazor.Color.Info or MudBlazor.Color.Primary => "ks-tag info",
        _ => "ks-tag",
    };

    /// <summary>
    /// The drawer's icons, with MudIcon's classes inside a mud-nav-link (size, the drawer icon colour, primary when active):
    /// one static string shared by every circuit instead of a MudIcon component per entry.
    /// </summary>
    public static class Nav
    {
        public static readonly MarkupString AssignmentReturn = Of(MudBlazor.Icons.Material.Filled.AssignmentReturn);
        public static readonly MarkupString Campaign = Of(MudBlazor.Icons.Material.Filled.Campaign);
        public static readonly MarkupString Category = Of(MudBlazor.Icons.Material.Filled.Category);
        public static readonly MarkupString Dashboard = Of(MudBlazor.Icons.Material.Filled.Dashboard);
        public static readonly MarkupString FactCheck = Of(MudBlazor.Icons.Material.Filled.FactCheck);
        public static readonly MarkupString Flag = Of(MudBlazor.Icons.Material.Filled.Flag);
        public static readonly MarkupString Group = Of(MudBlazor.Icons.Material.Filled.Group);
        public static readonly MarkupString Handshake = Of(MudBlazor.Icons.Material.Filled.Handshake);
        public static readonly MarkupString History = Of(MudBlazor.Icons.Material.Filled.History);
        public static readonly MarkupString Insights = Of(MudBlazor.Icons.Material.Filled.Insights);
        public static readonly MarkupString Inventory2 = Of(MudBlazor.Icons.Material.Filled.Inventory2);
        public static readonly MarkupString LocalShipping = Of(MudBlazor.Icons.Material.Filled.LocalShipping);
        public static readonly MarkupString MenuBook = Of(MudBlazor.Icons.Material.Filled.MenuBook);
        public static readonly MarkupString Payments = Of(MudBlazor.Icons.Material.Filled.Payments);
        public static readonly MarkupString Settings = Of(MudBlazor.Icons.Material.Filled.Settings);
        public static readonly MarkupString Storefront = Of(MudBlazor.Icons.Material.Filled.Storefront);
        public static readonly MarkupString SupportAgent = Of(MudBlazor.Icons.Material.Filled.SupportAgent);
        public static readonly MarkupString TrendingUp = Of(MudBlazor.Icons.Material.Filled.TrendingUp);

        private static MarkupString Of(string paths) => Svg(paths, "mud-icon-root mud-svg-icon mud-icon-size-medium mud-nav-link-icon mud-nav-link-icon-default");
    }

    /// <summary>The app bar's icon buttons (MudIconButton's icon classes), shared by every circuit.</summary>
    public static class AppBar
    {
        public static readonly MarkupString Menu = Of(MudBlazor.Icons.Material.Filled.Menu);
        public static readonly MarkupString LightMode = Of(MudBlazor.Icons.Material.Filled.LightMode);
        public static readonly MarkupString DarkMode = Of(MudBlazor.Icons.Material.Filled.DarkMode);
        public static readonly MarkupString Translate = Of(MudBlazor.Icons.Material.Filled.Translate);
        // Inside the workspace button, where MudButton's start and end icons sat.
        public static readonly MarkupString Business = Small(MudBlazor.Icons.Material.Filled.Business);
        public static readonly MarkupString UnfoldMore = Small(MudBlazor.Icons.Material.Filled.UnfoldMore);
        // The account menu's entries.
        public static readonly MarkupString ManageAccounts = Small(MudBlazor.Icons.Material.Filled.ManageAccounts);
        public static readonly MarkupString Logout = Small(MudBlazor.Icons.Material.Filled.Logout);

        private static MarkupString Of(string paths) => Svg(paths, "mud-icon-root mud-svg-icon mud-icon-size-medium");
        private static MarkupString Small(string paths) => Svg(paths, "mud-icon-root mud-svg-icon mud-icon-size-small");
    }

    /// <summary>A decorative 24×24 icon (hidden from screen readers; its button or link carries the name).</summary>
    private static MarkupString Svg(string paths, string cssClass = "ks-plain-icon") =>
        new($"<svg class=\"{cssClass}\" viewBox=\"0 0 24 24\" aria-hidden=\"true\" focusable=\"false\">{paths}</svg>");
}
