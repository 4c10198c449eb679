namespace KuaishouSeller.Core.Campaigns;

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
