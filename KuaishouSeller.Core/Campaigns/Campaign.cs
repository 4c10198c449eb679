using KuaishouSeller.Core.Common;

namespace KuaishouSeller.Core.Campaigns;

/// <summary>A platform campaign such as 618: its phases, a traffic pool and a subsidy pool shared by the approved registrations.</summary>
public class Campaign
{
    public long Id { get; set; }
    public string Code { get; set; } = "";
    public string NameZh { get; set; } = "";
    public string NameEn { get; set; } = "";
    /// <summary>Exposures the platform puts behind the campaign, split among approved registrations by their plan's weight.</summary>
    public long TrafficPoolViews { get; set; }
    public long SubsidyPoolFen { get; set; }
    public DateTime CreatedAt { get; set; }
}

public enum CampaignPhaseKind { Registration = 1, Presale = 2, Official = 3, Custom = 4 }

/// <summary>A dated stretch of a campaign (Shanghai days, both ends included). Every campaign has exactly one registration phase.</summary>
public class CampaignPhase
{
    public long Id { get; set; }
    public long CampaignId { get; set; }
    public CampaignPhaseKind Kind { get; set; }
    public string NameZh { get; set; } = "";
    public string NameEn { get; set; } = "";
    public DateOnly StartsOn { get; set; }
    public DateOnly EndsOn { get; set; }
}

/// <summary>Who takes part and how (招报一体化: one registration centre, a path per role and business model).</summary>
public enum ParticipationRole
{
    /// <summary>货主自播: a goods owner sells in its own live room.</summary>
    SelfBroadcast = 1,
    /// <summary>货主货架: a goods owner's product cards on the shelf entrances.</summary>
    Shelf = 2,
    /// <summary>货主分销: a goods owner offers goods to creators with a commission rate.</summary>
    Distribution = 3,
    /// <summary>达人带货: a creator registers an account to carry campaign goods.</summary>
    CreatorCarry = 4,
}

/// <summary>A participation plan of one campaign for one role: its eligibility rules (data) and benefits.</summary>
public class ParticipationPlan
{
    public long Id { get; set; }
    public long CampaignId { get; set; }
    public ParticipationRole Role { get; set; }
    public string NameZh { get; set; } = "";
    public string NameEn { get; set; } = "";
    /// <summary>Expected exposures for each approved registration of this plan (traffic support).</summary>
    public long TrafficPerRegistration { get; set; }
    /// <summary>Share of the campaign price the platform subsidises, in percent.</summary>
    public decimal SubsidyRatePercent { get; set; }
    /// <summary>JSON list of <see cref="EligibilityRule"/>.</summary>
    public string Rules { get; set; } = "[]";

    public bool ForGoods => Role != ParticipationRole.CreatorCarry;

    /// <summary>The most the platform pays on goods worth <paramref name="valueFen"/> (campaign price × committed units).</summary>
    public static decimal Subsidy(long valueFen, decimal ratePercent) => valueFen * ratePercent / 100m;
}

public enum RegistrationState { Draft = 1, Submitted = 2, UnderReview = 3, Approved = 4, Rejected = 5, Withdrawn = 6 }

/// <summary>
/// One registration: a shop's product card for a goods-owner plan, or a creator's account for the carry plan.
/// Rows start as drafts of a <see cref="RegistrationBatch"/> (the wizard) and move by conditional updates, so two
/// people acting at once cannot both move the same row.
/// </summary>
public class CampaignRegistration
{
    public long Id { get; set; }
    public long CampaignId { get; set; }
    public long PlanId { get; set; }
    public ParticipationRole Role { get; set; }
    public long? BatchId { get; set; }
    /// <summary>The merchant (goods owner) or creator organisation registering.</summary>
    public long OrganisationId { get; set; }
    public long? ShopId { get; set; }
    public long? AccountId { get; set; }
    public long? ListingId { get; set; }
    public long? SkuId { get; set; }
    public long? CategoryId { get; set; }
    public long CampaignPriceFen { get; set; }
    public int CommittedStock { get; set; }
    /// <summary>Distribution only: the commission offered to creators, percent of the price.</summary>
    public decimal? CommissionPercent { get; set; }
    /// <summary>Distribution only: creators with at least this score are accepted without waiting for the goods owner.</summary>
    public decimal? AutoAcceptCreatorScore { get; set; }
    public RegistrationState State { get; set; } = RegistrationState.Draft;
    /// <summary>The failed rules of the last check, for the row-by-row fixing of a batch.</summary>
    public string? Problems { get; set; }
    public string? RejectReason { get; set; }
    /// <summary>Units locked in the stock pool while approved.</summary>
    public int LockedStock { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? SubmittedAt { get; set; }
    public DateTime? DecidedAt { get; set; }
    public string? DecidedBy { get; set; }
    /// <summary>Ended campaigns: what the registration sold during the campaign.</summary>
    public long? ResultGmvFen { get; set; }
    public int? ResultUnits { get; set; }
}

/// <summary>
/// The wizard's draft: the role, plan and shop or account chosen so far and the step reached. Its goods are draft
/// registrations pointing back here, so every choice is in the database as soon as it is made.
/// </summary>
public class RegistrationBatch
{
    public long Id { get; set; }
    public long CampaignId { get; set; }
    public long OrganisationId { get; set; }
    public long? PlanId { get; set; }
    public long? ShopId { get; set; }
    public long? AccountId { get; set; }
    public int Step { get; set; }
    public string CreatedByUserId { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? SubmittedAt { get; set; }
}

public enum CarryState { Pending = 1, Accepted = 2, Declined = 3, Withdrawn = 4 }

/// <summary>A creator's application to carry one approved distribution registration (recruit and register in one).</summary>
public class CarryApplication
{
    public long Id { get; set; }
    public long RegistrationId { get; set; }
    public long CampaignId { get; set; }
    public long CreatorId { get; set; }
    public long AccountId { get; set; }
    public CarryState State { get; set; } = CarryState.Pending;
    public double? CreatorScore { get; set; }
    public bool AutoAccepted { get; set; }
    public DateTime AppliedAt { get; set; }
    public DateTime? DecidedAt { get; set; }
    public string? DecidedBy { get; set; }
}

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
