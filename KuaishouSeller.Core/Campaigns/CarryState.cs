namespace KuaishouSeller.Core.Campaigns;

public enum CarryState { Pending = 1, Accepted = 2, Declined = 3, Withdrawn = 4 }
