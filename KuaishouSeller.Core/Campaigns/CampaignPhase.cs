namespace KuaishouSeller.Core.Campaigns;

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
