using Bunit;
using KuaishouSeller.Core.Campaigns;
using KuaishouSeller.Web.Components.Pages.Campaigns;

namespace KuaishouSeller.Tests.Components;

/// <summary>The rule-by-rule check as the registrant and the reviewer see it, and plan rules in words.</summary>
public sealed class CampaignComponentTests() : ComponentTestContext("zh-CN"), IAsyncLifetime
{
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    [Fact]
    public void The_rule_table_shows_actual_against_required_and_marks_each_rule()
    {
        var facts = new RegistrationFacts(new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 12), new DateOnly(2026, 12, 10),
            ShopScore: 72.5, CampaignPriceFen: 9_990, LowestPrice30Fen: 10_000, CommittedStock: 50, AvailableStock: 30);
        var rules = new EligibilityRule[] { new(RuleKind.RegistrationWindow), new(RuleKind.ShopScore, Min: 60), new(RuleKind.PriceBelowLowest, Percent: 5), new(RuleKind.CommittedStock, Min: 10) };
        var check = new RowCheck(1, EligibilityEngine.Evaluate(rules, facts));

        var table = Render<RuleTable>(p => p.Add(t => t.Check, check));
        var rows = table.FindAll("[data-testid=rule-row]");
        Assert.Equal(4, rows.Count);
        Assert.Contains("72.50", rows[1].TextContent);
        Assert.Contains("¥99.90", rows[2].TextContent);
        Assert.Contains("≤ ¥95.00", rows[2].TextContent);
        Assert.Contains("10 ~ 30", rows[3].TextContent);
        var verdicts = rows.Select(r => r.QuerySelector("[aria-label]")!.GetAttribute("aria-label")).ToList();
        Assert.Equal(["通过", "通过", "未通过", "未通过"], verdicts);
    }

    [Fact]
    public void Plan_rules_read_as_sentences_with_category_names()
    {
        var names = new Dictionary<string, KuaishouSeller.Core.Common.Bilingual> { ["food"] = new("食品饮料", "Food & drink") };
        Assert.Equal("类目：食品饮料、beauty", CampaignNames.Describe(new EligibilityRule(RuleKind.CategoryAllowed, Categories: ["food", "beauty"]), names));
        Assert.Equal("活动价 ≤ 近30天最低价 × 0.95", CampaignNames.Describe(new EligibilityRule(RuleKind.PriceBelowLowest, Percent: 5)));
    }
}

/// <summary>One language per page in English: rule words, phase names and counts carry no Chinese.</summary>
public sealed class EnglishCampaignComponentTests() : ComponentTestContext("en"), IAsyncLifetime
{
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    [Fact]
    public void The_category_rule_names_categories_in_english_on_both_sides()
    {
        var names = new Dictionary<string, KuaishouSeller.Core.Common.Bilingual>
        {
            ["food"] = new("食品饮料", "Food & drink"), ["apparel"] = new("服饰", "Apparel"),
        };
        var facts = new RegistrationFacts(new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 12), new DateOnly(2026, 12, 10),
            TopCategoryCode: "food", TopCategoryName: new("食品饮料", "Food & drink")) { CategoryNames = names };
        var check = new RowCheck(1, EligibilityEngine.Evaluate([new EligibilityRule(RuleKind.CategoryAllowed, Categories: ["food", "apparel"])], facts));

        var row = Render<RuleTable>(p => p.Add(t => t.Check, check)).Find("[data-testid=rule-row]");
        Assert.Contains("Food & drink", row.TextContent);
        Assert.Contains("Food & drink, Apparel", row.TextContent);
        Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}", row.TextContent);
        Assert.DoesNotContain("food / apparel", row.TextContent);
    }

    [Fact]
    public void A_standard_phase_is_named_by_its_kind_not_by_dates_stored_in_its_name()
    {
        var presale = new PhaseView(CampaignPhaseKind.Presale, "预售期（5月18日起）", "Presale (from May 18)", new DateOnly(2026, 12, 11), new DateOnly(2026, 12, 24));
        Assert.Equal("Presale", CampaignNames.Of(presale));
        Assert.Equal("2026-12-11 ~ 2026-12-24", CampaignNames.Dates(presale));
        var own = new PhaseView(CampaignPhaseKind.Custom, "返场", "Encore", new DateOnly(2026, 12, 25), new DateOnly(2026, 12, 27));
        Assert.Equal("Encore", CampaignNames.Of(own));
    }

    [Fact]
    public void English_counts_are_singular_for_one()
    {
        Assert.Equal("1 product", KuaishouSeller.Core.Common.English.Count(1, "product"));
        Assert.Equal("2 products", KuaishouSeller.Core.Common.English.Count(2, "product"));
        Assert.Equal("1 product", KuaishouSeller.Core.Common.English.Count("1", "product"));
    }
}
