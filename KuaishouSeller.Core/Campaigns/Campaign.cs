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
