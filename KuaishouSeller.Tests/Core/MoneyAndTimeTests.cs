using System.Globalization;
using KuaishouSeller.Core.Common;
using Microsoft.Extensions.Time.Testing;

namespace KuaishouSeller.Tests.Core;

public class MoneyAndTimeTests
{
    [Theory]
    [InlineData(0L, "¥0.00")]
    [InlineData(123456L, "¥1,234.56")]
    [InlineData(-5L, "¥-0.05")]
    public void Money_is_shown_as_yuan_with_two_decimals(long fen, string expected) =>
        Assert.Equal(expected, Money.Format(fen));

    [Fact]
    public void Compact_money_uses_wan_in_chinese_and_k_in_english()
    {
        Assert.Equal("¥1.23万", Money.FormatCompact(1_234_500, CultureInfo.GetCultureInfo("zh-CN")));
        Assert.Equal("¥12.35K", Money.FormatCompact(1_234_500, CultureInfo.GetCultureInfo("en")));
        Assert.Equal("¥3亿", Money.FormatCompact(30_000_000_000, CultureInfo.GetCultureInfo("zh-CN")));
    }

    [Fact]
    public void Yuan_round_trip_rounds_half_away_from_zero() =>
        Assert.Equal(1235, Money.FromYuan(12.345m));

    [Fact]
    public void Shanghai_day_starts_at_16_00_utc_the_day_before()
    {
        Assert.Equal(new DateTime(2026, 6, 17, 16, 0, 0, DateTimeKind.Utc), ShanghaiTime.StartOfDayUtc(new DateOnly(2026, 6, 18)));
    }

    [Fact]
    public void Today_follows_the_injected_clock_in_beijing_time()
    {
        // 23:30 UTC on 31 May is already 1 June in Beijing: the 618 official period has begun.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 5, 31, 23, 30, 0, TimeSpan.Zero));
        Assert.Equal(new DateOnly(2026, 6, 1), ShanghaiTime.Today(clock));
        var evening = new FakeTimeProvider(new DateTimeOffset(2026, 5, 31, 15, 59, 0, TimeSpan.Zero));
        Assert.Equal(new DateOnly(2026, 5, 31), ShanghaiTime.Today(evening));
    }

    [Fact]
    public void Bilingual_text_follows_the_ui_culture()
    {
        var text = new Bilingual("库存不足", "Not enough stock");
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
            Assert.Equal("库存不足", text.ToString());
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
            Assert.Equal("Not enough stock", text.ToString());
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [Theory]
    [InlineData(0, 25, 0, 25)]
    [InlineData(3, 50, 150, 50)]
    [InlineData(-1, 10_000, 0, PageRequest.MaxPageSize)]
    [InlineData(2, 0, 2, 1)]
    public void Page_requests_are_clamped(int page, int size, int skip, int take)
    {
        var request = new PageRequest(page, size);
        Assert.Equal(skip, request.Offset);
        Assert.Equal(take, request.Take);
    }
}
