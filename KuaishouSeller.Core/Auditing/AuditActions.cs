namespace KuaishouSeller.Core.Auditing;

/// <summary>
/// Every audit action, named once. The log stores these codes; <see cref="AuditText"/> turns an entry into a sentence in
/// the reader's language. A code never changes once shipped.
/// </summary>
public static class AuditActions
{
    public const string SignedIn = "account.signed-in";
    public const string SignInFailed = "account.sign-in-failed";
    public const string LockedOut = "account.locked-out";
    public const string SignedOut = "account.signed-out";
    public const string Registered = "account.registered";
    public const string AccessDenied = "access.denied";
    public const string WorkspaceSwitched = "workspace.switched";
    public const string WorkspaceFavourite = "workspace.favourite-set";

    public const string StaffInvited = "staff.invited";
    public const string StaffJoined = "staff.joined";
    public const string StaffChanged = "staff.changed";
    public const string StaffRemoved = "staff.removed";
    public const string RoleCreated = "roles.created";
    public const string RoleChanged = "roles.changed";

    public const string DelegationRequested = "delegation.requested";
    public const string DelegationAccepted = "delegation.accepted";
    public const string DelegationRejected = "delegation.rejected";
    public const string DelegationRevoked = "delegation.revoked";
    public const string DelegationStaffAssigned = "delegation.staff-assigned";

    public const string ApiKeyCreated = "api-key.created";
    public const string ApiKeyRevoked = "api-key.revoked";

    public const string StockAdjusted = "stock.adjusted";
    public const string StockQuotaMoved = "stock.quota-moved";
    public const string StockThresholdSet = "stock.threshold-set";
    public const string SkuEdited = "catalog.sku-edited";
    public const string ListingEdited = "catalog.listing-edited";

    public const string ImportCatalog = "import.catalog";
    public const string ImportPrices = "import.prices";
    public const string ImportStock = "import.stock";
    public const string ImportShipments = "import.shipments";
    public const string OrderShipped = "orders.shipped";
    public const string OrderCancelled = "orders.cancelled";

    public const string PlanTargetSet = "plan.target-set";
    public const string ProgrammeEnrolled = "programmes.enrolled";
    public const string RulebookPublished = "scores.rulebook-published";
    public const string ScoresRecomputeRequested = "scores.recompute-requested";

    public const string CampaignDraftStarted = "campaigns.draft-started";
    public const string CampaignDraftEdited = "campaigns.draft-edited";
    public const string CampaignRowsAdded = "campaigns.rows-added";
    public const string CampaignRowsRemoved = "campaigns.rows-removed";
    public const string CampaignSubmitted = "campaigns.submitted";
    public const string CampaignReviewStarted = "campaigns.review-started";
    public const string CampaignApproved = "campaigns.approved";
    public const string CampaignRejected = "campaigns.rejected";
    public const string CampaignWithdrawn = "campaigns.withdrawn";
    public const string CampaignCarryApplied = "campaigns.carry-applied";
    public const string CampaignCarryAccepted = "campaigns.carry-accepted";
    public const string CampaignCarryDeclined = "campaigns.carry-declined";
    public const string CampaignLocksReleased = "campaigns.locks-released";

    public const string ServiceReplied = "service.replied";
    public const string ServiceHandedOver = "service.handed-over";
    public const string ServiceClosed = "service.closed";
    public const string ServicePhrasesChanged = "service.phrases-changed";
    public const string BuyerRevealed = "buyers.revealed";
}
