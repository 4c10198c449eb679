namespace KuaishouSeller.Core.Access;

public enum DelegationStatus
{
    /// <summary>The agency asked; the merchant has not answered.</summary>
    Requested = 1,
    Active = 2,
    Rejected = 3,
    Revoked = 4,
}
