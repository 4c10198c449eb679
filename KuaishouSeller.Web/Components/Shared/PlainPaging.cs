using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using static KuaishouSeller.Web.Localization.Tr;

namespace KuaishouSeller.Web.Components.Shared;

/// <summary>
/// Where a plain server-paged table stands: page (from 0), page size, sort and the total the last query counted. The
/// page keeps one, asks its Core query with <see cref="Page"/>/<see cref="Size"/>/<see cref="SortLabel"/>, and renders
/// <see cref="PlainPager"/> below its rows and <see cref="SortHeader"/> in its header. No component per row, per cell or
/// per sort header: a MudTable made one MudTr per row and one MudTableSortLabel per column in every open circuit.
/// </summary>
public sealed class PlainPaging(int size)
{
    public int Page { get; private set; }
    public int Size { get; private set; } = size;
    /// <summary>The rows the filter matches; null for a keyset list that counts nothing (orders), which gives <see cref="Cursors"/> instead.</summary>
    public int? Total { get; set; }
    /// <summary>A query is on its way: the table shows its progress bar and keeps the old rows until the new ones come.</summary>
    public bool Loading { get; private set; }

    private int latestLoad;

    /// <summary>
    /// Starts a query for the rows; its ticket tells <see cref="IsLatest"/> whether a later query (a quicker click, the next
    /// keystroke of a search) has started since, so a slow answer that comes last never replaces newer rows.
    /// </summary>
    public int BeginLoad()
    {
        Loading = true;
        return ++latestLoad;
    }

    public bool IsLatest(int load) => load == latestLoad;

    /// <summary>Ends a query (in a finally): the progress bar stays while a later one is still on its way.</summary>
    public void EndLoad(int load)
    {
        if (IsLatest(load)) Loading = false;
    }
    public string? SortLabel { get; private set; }
    public bool Descending { get; private set; }

    private bool cursorPrevious, cursorNext;

    public int PageCount => Total is { } total ? Math.Max(1, (total + Size - 1) / Size) : Page + (cursorNext ? 2 : 1);
    public bool HasPrevious => Total is null ? cursorPrevious : Page > 0;
    public bool HasNext => Total is null ? cursorNext : Page + 1 < PageCount;

    // The page shown, with the filter it was asked with and its keyset cursor to the next page.
    private (object Filter, int Page, int Size, string? Next)? shown;

    /// <summary>
    /// The cursor for the query: "next page" seeks from the last row shown (keyset) when the filter and size are the
    /// ones it was shown with; any other move (a jump, back, a new sort or filter) gets null and skips by offset.
    /// </summary>
    public string? After(object filter) =>
        shown is { } s && Equals(s.Filter, filter) && s.Size == Size && Page == s.Page + 1 ? s.Next : null;

    /// <summary>Records the page a query answered, for <see cref="After"/>.</summary>
    public void Shown(object filter, string? next) => shown = (filter, Page, Size, next);

    /// <summary>For a list without a total: whether the query's cursors lead to a page before and after the one shown.</summary>
    public void Cursors(bool previous, bool next) => (cursorPrevious, cursorNext) = (previous, next);

    public void GoTo(int page) => Page = Math.Clamp(page, 0, PageCount - 1);
    public void FirstPage() => Page = 0;

    public void Resize(int size)
    {
        // The first row shown stays on the page shown, as MudTable's pager did.
        var first = Page * Size;
        Size = Math.Max(1, size);
        Page = first / Size;
    }

    /// <summary>A click on a column's header: ascending, then descending, then unsorted (the query's own order); back to the first page.</summary>
    public void Sort(string label)
    {
        if (SortLabel != label) (SortLabel, Descending) = (label, false);
        else if (!Descending) Descending = true;
        else (SortLabel, Descending) = (null, false);
        Page = 0;
    }

    /// <summary>Sets the sort without a click, for a page that opens sorted.</summary>
    public void SortBy(string? label, bool descending) => (SortLabel, Descending) = (label, descending);

    /// <summary>The WAI-ARIA sort state of a column, for its th.</summary>
    public string AriaSort(string label) => SortLabel != label ? "none" : Descending ? "descending" : "ascending";

    /// <summary>
    /// A sortable column header: a th with aria-sort and one button that sorts and then runs <paramref name="load"/>. The
    /// <paramref name="page"/> is the click's receiver, so it re-renders with the new rows, as after its own handlers.
    /// </summary>
    public RenderFragment SortHeader(IHandleEvent page, string label, string text, Func<Task> load, string? cssClass = null) => builder =>
    {
        var state = AriaSort(label);
        builder.OpenElement(0, "th");
        if (cssClass is not null) builder.AddAttribute(1, "class", cssClass);
        builder.AddAttribute(2, "aria-sort", state);
        builder.AddAttribute(3, "scope", "col");
        builder.OpenElement(4, "button");
        builder.AddAttribute(5, "type", "button");
        builder.AddAttribute(6, "class", state == "none" ? "ks-sort" : "ks-sort ks-sort-active");
        builder.AddAttribute(7, "data-sort", label);
        builder.AddAttribute(8, "onclick", EventCallback.Factory.Create(page, async () =>
        {
            Sort(label);
            await load();
        }));
        builder.AddContent(9, text);
        builder.OpenElement(10, "span");
        builder.AddAttribute(11, "class", "ks-sort-arrow");
        builder.AddAttribute(12, "aria-hidden", "true");
        builder.AddContent(13, state switch { "ascending" => "▲", "descending" => "▼", _ => "↕" });
        builder.CloseElement();
        builder.OpenElement(14, "span");
        builder.AddAttribute(15, "class", "ks-sr-only");
        builder.AddContent(16, state switch
        {
            "ascending" => T("，升序", ", ascending"),
            "descending" => T("，降序", ", descending"),
            _ => T("，点击排序", ", click to sort"),
        });
        builder.CloseElement();
        builder.CloseElement();
        builder.CloseElement();
    };
}
