namespace KuaishouSeller.Core.Campaigns;

public enum RegistrationState { Draft = 1, Submitted = 2, UnderReview = 3, Approved = 4, Rejected = 5, Withdrawn = 6 }
