using System.Net;
using KuaishouSeller.Core.Inventory;
using Microsoft.AspNetCore.Components;
using static KuaishouSeller.Web.Localization.Tr;

namespace KuaishouSeller.Web.Components.Shared;

/// <summary>
/// The read-only cells of a repeated row as one markup string: one render-tree frame where elements, attributes and
/// texts took three or four per cell. A circuit keeps every frame of a page two or three times over (the component's
/// current and previous tree, the renderer's batch buffer), each array rounded up to a power of two: the orders page's
/// 50 rows made arrays of 8,192 frames (320 KB each, 1.2 MB per circuit). Anything with a handler stays a real element.
/// </summary>
public static class PlainHtml
{
    /// <summary>Text for the markup: &lt;, &gt;, &amp; and quotes escaped; Chinese stays as it is (HtmlEncoder would make it entities).</summary>
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static MarkupString Cells(string html) => new(html);

    /// <summary>The tag beside available stock on the stock and catalog lists, from the one rule <see cref="StockRules.LevelOf"/>.</summary>
    public static string StockTag(int available, bool isLow) => StockRules.LevelOf(available, isLow) switch
    {
        StockLevel.SoldOut => $"<span class=\"ks-tag error\">{T("售罄", "Sold out")}</span>",
        StockLevel.Low => $"<span class=\"ks-tag warning\">{T("低库存", "Low")}</span>",
        _ => "",
    };
}
