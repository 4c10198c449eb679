namespace KuaishouSeller.Core.Campaigns;

public enum CampaignPhaseKind { Registration = 1, Presale = 2, Official = 3, Custom = 4 }
