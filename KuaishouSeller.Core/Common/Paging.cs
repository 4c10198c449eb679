namespace KuaishouSeller.Core.Common;

/// <summary>
/// A page of rows plus the total, for tables that page on the server. <see cref="Next"/> is the keyset cursor of the row
/// after the page (null when the list does not page by keys or this is the last page).
/// </summary>
public sealed record PagedResult<T>(IReadOnlyList<T> Rows, int TotalCount)
{
    public string? Next { get; init; }
}

/// <summary>
/// Which page to read. With <see cref="After"/> (the <see cref="PagedResult{T}.Next"/> of the page before), long lists
/// seek to it through their index instead of counting past every earlier row; without it, they skip <see cref="Offset"/>
/// rows (a jump to any page), which they keep cheap by paging keys first.
/// </summary>
public sealed record PageRequest(int Page, int PageSize, string? After = null)
{
    public const int MaxPageSize = 200;

    public int Offset => Math.Max(Page, 0) * Take;
    public int Take => Math.Clamp(PageSize, 1, MaxPageSize);
}
