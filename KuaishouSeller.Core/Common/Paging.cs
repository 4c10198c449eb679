namespace KuaishouSeller.Core.Common;

/// <summary>A page of rows plus the total, for tables that page on the server.</summary>
public sealed record PagedResult<T>(IReadOnlyList<T> Rows, int TotalCount);

public sealed record PageRequest(int Page, int PageSize)
{
    public const int MaxPageSize = 200;

    public int Offset => Math.Max(Page, 0) * Take;
    public int Take => Math.Clamp(PageSize, 1, MaxPageSize);
}
