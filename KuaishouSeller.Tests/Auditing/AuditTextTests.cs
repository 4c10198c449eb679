using System.Reflection;
using KuaishouSeller.Core.Auditing;

namespace KuaishouSeller.Tests.Auditing;

/// <summary>The audit log speaks sentences: every action has one in both languages, built from the stored values.</summary>
public sealed class AuditTextTests
{
    private static AuditRow Row(string action, string? subject = "M01P000014-2 特级云南普洱熟茶 250g", object? before = null, object? after = null,
        string? agency = null) =>
        new(1, DateTime.UtcNow, "王老板", action, "Sku", "14", "山野茶坊", agency, null, AuditValues.Serialize(before), AuditValues.Serialize(after), subject);

    public static TheoryData<string> Actions()
    {
        var data = new TheoryData<string>();
        foreach (var field in typeof(AuditActions).GetFields(BindingFlags.Public | BindingFlags.Static))
            data.Add((string)field.GetValue(null)!);
        return data;
    }

    [Theory]
    [MemberData(nameof(Actions))]
    public void Every_action_reads_as_a_sentence_in_both_languages(string action)
    {
        var sentence = Row(action).Sentence;
        Assert.DoesNotContain(" · ", sentence.Zh); // the fallback for an action without words
        Assert.DoesNotContain(" · ", sentence.En);
        Assert.DoesNotContain(action, sentence.Zh);
        Assert.DoesNotContain(action, sentence.En);
        Assert.StartsWith("王老板", sentence.Zh.Replace("活动结束，", ""));
    }

    [Fact]
    public void A_threshold_change_names_the_sku_and_both_numbers()
    {
        var sentence = Row(AuditActions.StockThresholdSet, before: new { threshold = 20 }, after: new { threshold = 5 }).Sentence;
        Assert.Equal("王老板 把 M01P000014-2 特级云南普洱熟茶 250g 的预警阈值从 20 改为 5", sentence.Zh);
        Assert.Equal("王老板 changed the low-stock threshold of M01P000014-2 特级云南普洱熟茶 250g from 20 to 5", sentence.En);
    }

    [Fact]
    public void An_agency_action_says_who_acted_for_whom_and_money_is_in_yuan()
    {
        var sentence = Row(AuditActions.ListingEdited, "春茶礼盒", new { priceFen = 12900 }, new { priceFen = 9900 }, agency: "星火代运营").Sentence;
        Assert.Equal("王老板（星火代运营，代 山野茶坊） 修改了商品卡「春茶礼盒」：价格 ¥129.00 → ¥99.00", sentence.Zh);
        Assert.Equal("王老板 of 星火代运营 for 山野茶坊 edited the product card 春茶礼盒: price ¥129.00 → ¥99.00", sentence.En);
    }

    [Fact]
    public void A_refusal_names_the_missing_right_not_a_code()
    {
        var row = new AuditRow(1, DateTime.UtcNow, "小李", AuditActions.AccessDenied, "Permission", "stock.adjust", "山野茶坊", null, null, null,
            AuditValues.Serialize(new Dictionary<string, object?> { ["action"] = AuditActions.StockAdjusted }));
        Assert.Equal("小李 的操作被拒绝：缺少“调整库存”的权限", row.Sentence.Zh);
        Assert.Equal("小李 was refused: the 'Adjust stock' right was missing", row.Sentence.En);
    }

    [Fact]
    public void The_system_is_named_in_words()
    {
        var sentence = new AuditRow(1, DateTime.UtcNow, "system:Scheduler", AuditActions.CampaignLocksReleased, "CampaignRegistration", "7", "山野茶坊", null, null,
            AuditValues.Serialize(new { locked = 30 }), AuditValues.Serialize(new { locked = 0 })).Sentence;
        Assert.Equal("活动结束，定时任务 释放了 30 件活动锁定库存", sentence.Zh);
        Assert.Equal("The campaign ended; Scheduled job released 30 campaign-locked units", sentence.En);
    }
}
