namespace KuaishouSeller.Core.Campaigns;

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
