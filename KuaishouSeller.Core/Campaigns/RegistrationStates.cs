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

    /// <summary>States a registration still counts in (one live registration per card or account and plan).</summary>
    public static bool IsLive(this RegistrationState state) => state is >= RegistrationState.Draft and <= RegistrationState.Approved;
}
