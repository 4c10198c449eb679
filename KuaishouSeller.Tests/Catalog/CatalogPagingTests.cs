using KuaishouSeller.Core.Campaigns;
using KuaishouSeller.Core.Catalog;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Tests.Infrastructure;

namespace KuaishouSeller.Tests.Catalog;

/// <summary>
/// The catalog, the product cards and the review queue page by keys: following each page's cursor reads exactly the rows
/// a jump to that page reads, none twice and none missing, to the last page.
/// </summary>
public sealed class CatalogPagingTests(SharedSeededWorlds worlds) : IClassFixture<SharedSeededWorlds>
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_sku_list_in_code_order_reads_the_same_rows_by_cursor_as_by_page(DatabaseProvider provider)
    {
        var world = await worlds.ForAsync(provider); // read only
        foreach (var descending in new[] { false, true })
        {
            var filter = new SkuFilter(Sort: SkuSort.Code, Descending: descending);
            var walked = await WalkAsync(40, (page, after) => world.Services.Catalog.ListSkusAsync(world.Owner, filter, new PageRequest(page, 40, after)), r => r.SkuId);
            var all = await world.Services.Catalog.ListSkusAsync(world.Owner, filter, new PageRequest(0, PageRequest.MaxPageSize));
            Assert.True(all.TotalCount > 200, "enough SKUs to page through");
            Assert.Equal(all.TotalCount, walked.Count);
            Assert.Equal(walked.Count, walked.Distinct().Count());
        }
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Product_cards_read_the_same_rows_by_cursor_as_by_page(DatabaseProvider provider)
    {
        var world = await worlds.ForAsync(provider);
        var walked = await WalkAsync(24, (page, after) => world.Services.Catalog.ListCardsAsync(world.Owner, null, new PageRequest(page, 24, after)), c => c.ListingId);
        var first = await world.Services.Catalog.ListCardsAsync(world.Owner, null, new PageRequest(0, 24));
        Assert.Equal(first.TotalCount, walked.Count);
        Assert.Equal(walked.OrderByDescending(id => id), walked);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_review_queue_reads_the_same_rows_by_cursor_as_by_page(DatabaseProvider provider)
    {
        var world = await worlds.ForAsync(provider);
        var reviewer = await world.Services.UserIdAsync("reviewer@demo.ks");
        var filter = new ReviewFilter(State: RegistrationState.Approved);
        var walked = await WalkAsync(5, (page, after) => world.Services.CampaignViews.ReviewQueueAsync(reviewer, filter, new PageRequest(page, 5, after)), r => r.Id);
        var first = await world.Services.CampaignViews.ReviewQueueAsync(reviewer, filter, new PageRequest(0, 5));
        Assert.True(first.TotalCount > 10, "enough decided registrations to page through");
        Assert.Equal(first.TotalCount, walked.Count);
    }

    /// <summary>Reads every page twice, by the previous page's cursor and by its number, and checks they agree.</summary>
    private static async Task<List<long>> WalkAsync<T>(int size, Func<int, string?, Task<PagedResult<T>>> read, Func<T, long> id)
    {
        var walked = new List<long>();
        string? after = null;
        for (var page = 0; ; page++)
        {
            var byCursor = await read(page, after);
            var byOffset = await read(page, null);
            Assert.Equal(byOffset.Rows.Select(id), byCursor.Rows.Select(id));
            walked.AddRange(byCursor.Rows.Select(id));
            if (byCursor.Next is null)
            {
                Assert.Equal(byCursor.TotalCount, walked.Count); // the last page says so, and nothing is left
                return walked;
            }
            Assert.Equal(size, byCursor.Rows.Count);
            after = byCursor.Next;
        }
    }
}
