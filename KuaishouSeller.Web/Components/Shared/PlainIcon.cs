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

    /// <summary>The tag class for a MudBlazor colour, so a plain tag reads like the chip it replaces.</summary>
    public static string TagClass(MudBlazor.Color color) => color switch
    {
        MudBlazor.Color.Success => "ks-tag success",
        MudBlazor.Color.Error => "ks-tag error",
        MudBlazor.Color.Warning => "ks-tag warning",
        MudBlazor.Color.Info or MudBlazor.Color.Primary => "ks-tag info",
        _ => "ks-tag",
    };

    private static MarkupString Svg(string paths) =>
        new($"<svg class=\"ks-plain-icon\" viewBox=\"0 0 24 24\" aria-hidden=\"true\" focusable=\"false\">{paths}</svg>");
}
