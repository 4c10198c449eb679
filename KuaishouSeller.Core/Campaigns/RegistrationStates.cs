using System.Linq.Expressions;
using KuaishouSeller.Core.Common;

namespace KuaishouSeller.Core.Campaigns;

public static class RegistrationStates
{
    public static Bilingual Name(this RegistrationState state) => state switch
    {
        RegistrationState.Draft => new("草稿", "Draft"),
        RegistrationState.Submitted => new("已提交", "Submitted"),
        RegistrationState.UnderReview => new("审核中", "Under review"),
        RegistrationState.Approved => new("已通过", "Approved"),
        RegistrationState.Rejected => new("已驳回", "Rejected"),
        _ => new("已撤回", "Withdrawn"),
    };

    public static Bilingual Name(this ParticipationRole role) => role switch
    {
        ParticipationRole.SelfBroadcast => new("货主自播", "Goods owner · self-broadcast"),
        ParticipationRole.Shelf => new("货主货架", "Goods owner · shelf"),
        ParticipationRole.Distribution => new("货主分销", "Goods owner · distribution"),
        _ => new("达人带货", "Creator · carry goods"),
    };

    /// <summary>
    /// A registration that still counts (draft to approved): one live registration per card or account and plan. Named
    /// once; queries use <see cref="IsLive(CampaignRegistration)"/> and <see cref="RuleExpressions.WithRules{T}"/>.
    /// </summary>
    public static readonly Expression<Func<CampaignRegistration, bool>> LiveExpression = r => r.State < RegistrationState.Rejected;

    private static readonly Func<CampaignRegistration, bool> LiveOf = LiveExpression.Compile();

    [RuleExpression(nameof(LiveExpression))]
    public static bool IsLive(CampaignRegistration registration) => LiveOf(registration);

    public static bool IsLive(this RegistrationState state) => IsLive(new CampaignRegistration { State = state });
}
