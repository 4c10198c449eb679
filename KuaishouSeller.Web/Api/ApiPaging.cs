using System.Text;
using KuaishouSeller.Core.Common;

namespace KuaishouSeller.Web.Api;

/// <summary>One page of a list and the cursor of the next page (null on the last page).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Next);

/// <summary>Limits and cursors of the API's lists: <c>limit</c> 1–200 (default 50), and an opaque <c>after</c> cursor.</summary>
public static class ApiPaging
{
    public const int DefaultLimit = 50;

    public static int Limit(int? limit) => limit switch
    {
        null => DefaultLimit,
        < 1 or > PageRequest.MaxPageSize => throw new ApiFieldException("limit", new(
            $"参数“limit”应在 1 到 {PageRequest.MaxPageSize} 之间。", $"The field 'limit' must be between 1 and {PageRequest.MaxPageSize}.")),
        { } value => value,
    };

    /// <summary>An opaque cursor around a value the query seeks to (a key, or a position for lists that page by offset).</summary>
    public static string Encode(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string? Decode(string? cursor, string field = "after")
    {
        if (cursor is null) return null;
        try
        {
            var text = cursor.Replace('-', '+').Replace('_', '/');
            text = text.PadRight(text.Length + (4 - text.Length % 4) % 4, '=');
            return Encoding.UTF8.GetString(Convert.FromBase64String(text));
        }
        catch (FormatException)
        {
            throw ApiFieldException.Invalid(field);
        }
    }

    /// <summary>
    /// For lists Core pages by position: the page a cursor stands for ("p:3:50", the page size fixed by the first call),
    /// else the first page of <paramref name="limit"/> rows.
    /// </summary>
    public static PageRequest Position(string? cursor, int? limit)
    {
        if (Decode(cursor) is not { } text) return new PageRequest(0, Limit(limit));
        var parts = text.Split(':');
        return parts is ["p", var p, var s] && int.TryParse(p, out var page) && page >= 0 && int.TryParse(s, out var size) && size is >= 1 and <= PageRequest.MaxPageSize
            ? new PageRequest(page, size) : throw ApiFieldException.Invalid("after");
    }

    /// <summary>A page read by position: the next cursor when rows remain after it.</summary>
    public static Page<TOut> ByPosition<TIn, TOut>(PagedResult<TIn> result, PageRequest request, Func<TIn, TOut> map) =>
        new(result.Rows.Select(map).ToList(),
            request.Offset + result.Rows.Count < result.TotalCount && result.Rows.Count > 0 ? Encode($"p:{request.Page + 1}:{request.Take}") : null);
}
