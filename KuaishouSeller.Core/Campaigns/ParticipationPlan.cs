namespace KuaishouSeller.Core.Campaigns;

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
