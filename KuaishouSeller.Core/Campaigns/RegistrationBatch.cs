namespace KuaishouSeller.Core.Campaigns;

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
