using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Inventory;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Tests.Infrastructure;

namespace KuaishouSeller.Tests.Inventory;

/// <summary>
/// The stock list pages by keys: following the cursor gives exactly the rows the offset pages give, in the sort's order
/// with the SKU id breaking ties, and a jump to any page lands on the same rows.
/// </summary>
public sealed class StockPagingTests(SharedSeededWorlds worlds) : IClassFixture<SharedSeededWorlds>
{
    public static TheoryData<DatabaseProvider, StockSort, bool> Sorts()
    {
        var data = new TheoryData<DatabaseProvider, StockSort, bool>();
        foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres })
        foreach (var (sort, descending) in new[] { (StockSort.Available, true), (StockSort.Available, false), (StockSort.OnHand, true), (StockSort.Reserved, false), (StockSort.Code, false), (StockSort.Code, true) })
            data.Add(provider, sort, descending);
        return data;
    }

    [Theory]
    [MemberData(nameof(Sorts))]
    public async Task Following_the_cursor_reads_the_same_rows_as_jumping_to_each_page(DatabaseProvider provider, StockSort sort, bool descending)
    {
        var world = await worlds.ForAsync(provider); // read only
        var filter = new StockFilter(Sort: sort, Descending: descending);
        const int size = 7;
        string? after = null;
        var walked = new List<StockRow>();
        for (var page = 0; page < 4; page++)
        {
            var byCursor = await world.Services.StockViews.ListAsync(world.Owner, filter, new PageRequest(page, size, after));
            var byOffset = await world.Services.StockViews.ListAsync(world.Owner, filter, new PageRequest(page, size));
            Assert.Equal(byOffset.Rows.Select(r => r.SkuId), byCursor.Rows.Select(r => r.SkuId));
            Assert.Equal(size, byCursor.Rows.Count);
            Assert.NotNull(byCursor.Next);
            walked.AddRange(byCursor.Rows);
            after = byCursor.Next;
        }
        Assert.Equal(walked.Count, walked.Select(r => r.SkuId).Distinct().Count());

        // In order: by the sort key, then the SKU id, both in the sort's direction (codes are unique and need no tie-breaker).
        var expected = sort switch
        {
            StockSort.Code => descending ? walked.OrderByDescending(r => r.Code, StringComparer.Ordinal).ToList() : walked.OrderBy(r => r.Code, StringComparer.Ordinal).ToList(),
            _ => (descending
                ? walked.OrderByDescending(r => Key(r, sort)).ThenByDescending(r => r.SkuId)
                : walked.OrderBy(r => Key(r, sort)).ThenBy(r => r.SkuId)).ToList(),
        };
        // (PostgreSQL orders codes by the database's collation, not ordinally; the cursor follows the same collation.)
        if (sort != StockSort.Code || provider == DatabaseProvider.Sqlite)
            Assert.Equal(expected.Select(r => r.SkuId), walked.Select(r => r.SkuId));
        var total = (await world.Services.StockViews.ListAsync(world.Owner, filter, new PageRequest(0, size))).TotalCount;
        Assert.True(total > 4 * size);

        // The last page has no cursor.
        var last = await world.Services.StockViews.ListAsync(world.Owner, filter, new PageRequest((total - 1) / size, size));
        Assert.Null(last.Next);
        Assert.Equal(total - (total - 1) / size * size, last.Rows.Count);
    }

    [Theory]
    [MemberData(nameof(Sorts))]
    public async Task The_alerts_list_pages_through_exactly_the_low_SKUs_in_the_sorts_order(DatabaseProvider provider, StockSort sort, bool descending)
    {
        var world = await worlds.ForAsync(provider); // read only
        var everything = await WalkAsync(new StockFilter(Sort: sort, Descending: descending), 100);
        var low = everything.Where(r => r.IsLow).ToList();
        Assert.True(low.Count > 6, "the demo world must have a few low-stock SKUs to page through");

        var walked = await WalkAsync(new StockFilter(LowOnly: true, Sort: sort, Descending: descending), 3);

        // The same SKUs in the same order as the unfiltered list shows them.
        Assert.Equal(low.Select(r => r.SkuId), walked.Select(r => r.SkuId));

        async Task<List<StockRow>> WalkAsync(StockFilter filter, int size)
        {
            string? after = null;
            var rows = new List<StockRow>();
            for (var page = 0; page < 1_000; page++)
            {
                var result = await world.Services.StockViews.ListAsync(world.Owner, filter, new PageRequest(page, size, after));
                rows.AddRange(result.Rows);
                if ((after = result.Next) is null) return rows;
            }
            throw new InvalidOperationException("the list never ended");
        }
    }

    private static int Key(StockRow row, StockSort sort) => sort switch
    {
        StockSort.OnHand => row.OnHand,
        StockSort.Reserved => row.Reserved,
        _ => row.Available,
    };
}
