using KuaishouSeller.Core.Campaigns;
using KuaishouSeller.Core.Common;
using MudBlazor;
using static KuaishouSeller.Web.Localization.Tr;

namespace KuaishouSeller.Web.Components.Pages.Campaigns;

/// <summary>Labels and colours of campaign states, shared by the campaign pages.</summary>
public static class CampaignNames
{
    public static string Of(RegistrationState state) => state.Name().ToString();

    public static string Of(ParticipationRole role) => role.Name().ToString();

    public static string Of(CampaignStatus status) => status switch
    {
        CampaignStatus.Upcoming => T("即将开始报名", "Registration soon"),
        CampaignStatus.RegistrationOpen => T("报名中", "Registration open"),
        CampaignStatus.Running => T("活动进行中", "Running"),
        _ => T("已结束", "Ended"),
    };

    public static Color ColorOf(CampaignStatus status) => status switch
    {
        CampaignStatus.RegistrationOpen => Color.Success,
        CampaignStatus.Running => Color.Info,
        CampaignStatus.Upcoming => Color.Primary,
        _ => Color.Default,
    };

    public static Color ColorOf(RegistrationState state) => state switch
    {
        RegistrationState.Approved => Color.Success,
        RegistrationState.Rejected => Color.Error,
        RegistrationState.Submitted or RegistrationState.UnderReview => Color.Info,
        RegistrationState.Draft => Color.Default,
        _ => Color.Dark,
    };

    public static string Of(CarryState state) => state switch
    {
        CarryState.Pending => T("待确认", "Pending"),
        CarryState.Accepted => T("已合作", "Accepted"),
        CarryState.Declined => T("已婉拒", "Declined"),
        _ => T("已撤回", "Withdrawn"),
    };

    /// <summary>
    /// A standard phase is named by its kind and dated by its own dates (shown beside it), never by words stored with it,
    /// which can carry other dates ("预售期（5月18日起）" beside December dates); a campaign's own phase keeps its name.
    /// </summary>
    public static string Of(PhaseView phase) => phase.Kind switch
    {
        CampaignPhaseKind.Registration => T("报名期", "Registration"),
        CampaignPhaseKind.Presale => T("预售期", "Presale"),
        CampaignPhaseKind.Official => T("正式期", "Official period"),
        _ => T(phase.NameZh, phase.NameEn),
    };

    public static string Dates(PhaseView phase) => $"{phase.StartsOn:yyyy-MM-dd} ~ {phase.EndsOn:yyyy-MM-dd}";

    private static IEnumerable<Bilingual> Names(EligibilityRule rule, IReadOnlyDictionary<string, Bilingual>? categories) =>
        (rule.Categories ?? []).Select(code => categories is not null && categories.TryGetValue(code, out var name) ? name : new Bilingual(code, code));

    /// <summary>One line per rule: what it requires, in words (the check itself shows actual vs required).</summary>
    public static string Describe(EligibilityRule rule, IReadOnlyDictionary<string, Bilingual>? categories = null) => rule.Kind switch
    {
        RuleKind.RegistrationWindow => T("在报名期内提交", "Submitted within the registration window"),
        RuleKind.ShopScore => T($"店铺体验分 ≥ {rule.Min:0.##}", $"Shop experience score ≥ {rule.Min:0.##}"),
        RuleKind.ProductScore => T($"商品分 ≥ {rule.Min:0.##}", $"Product score ≥ {rule.Min:0.##}"),
        RuleKind.CreatorScore => T($"达人口碑分 ≥ {rule.Min:0.##}", $"Creator reputation score ≥ {rule.Min:0.##}"),
        RuleKind.PriceBelowLowest => T($"活动价 ≤ 近30天最低价 × {(100 - (rule.Percent ?? 0)) / 100:0.##}", $"Campaign price ≤ 30-day lowest × {(100 - (rule.Percent ?? 0)) / 100:0.##}"),
        RuleKind.CommittedStock => T($"承诺库存 ≥ {rule.Min:0} 件且不超过共享库存可用", $"At least {rule.Min:0} units committed, within the shared pool"),
        RuleKind.NoOpenViolations => T("无未处理的违规", "No open violations"),
        RuleKind.CategoryAllowed => T($"类目：{string.Join("、", Names(rule, categories).Select(n => n.Zh))}", $"Categories: {string.Join(", ", Names(rule, categories).Select(n => n.En))}"),
        RuleKind.CommissionRange => T($"分销佣金 {rule.Min:0.#}%–{rule.Max:0.#}%", $"Commission {rule.Min:0.#}%–{rule.Max:0.#}%"),
        _ => rule.Kind.ToString(),
    };
}
