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
