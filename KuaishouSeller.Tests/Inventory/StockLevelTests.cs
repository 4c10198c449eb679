using System.Globalization;
using KuaishouSeller.Core.Inventory;
using KuaishouSeller.Web.Components.Shared;

namespace KuaishouSeller.Tests.Inventory;

/// <summary>The tag beside available stock reads the same on the stock and catalog lists.</summary>
public class StockLevelTests
{
    [Theory]
    [InlineData(0, true, StockLevel.SoldOut)]
    [InlineData(-2, true, StockLevel.SoldOut)]
    [InlineData(0, false, StockLevel.SoldOut)]
    [InlineData(3, true, StockLevel.Low)]
    [InlineData(30, false, StockLevel.InStock)]
    public void Sold_out_comes_before_low(int available, bool isLow, StockLevel expected) =>
        Assert.Equal(expected, StockRules.LevelOf(available, isLow));

    [Fact]
    public void A_sku_with_nothing_left_is_tagged_sold_out_not_low()
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
            Assert.Contains("Sold out", PlainHtml.StockTag(0, isLow: true));
            Assert.DoesNotContain("Low", PlainHtml.StockTag(0, isLow: true));
            Assert.Contains("Low", PlainHtml.StockTag(2, isLow: true));
            Assert.Equal("", PlainHtml.StockTag(50, isLow: false));
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [Theory]
    [InlineData(10, 4, 6, true)]
    [InlineData(10, 4, 5, false)]
    [InlineData(3, 5, 0, true)]
    public void A_row_and_its_available_figure_agree_on_sold_out(int onHand, int reserved, int locked, bool soldOut)
    {
        var item = new StockItem { OnHand = onHand, Reserved = reserved, CampaignLocked = locked };
        Assert.Equal(soldOut, StockRules.IsSoldOut(item));
        Assert.Equal(soldOut, StockRules.IsSoldOut(StockRules.Available(item)));
    }
}
