namespace KuaishouSeller.Core.Rollups;

public enum PartnerKind { Creator = 1, SellingAccount = 2 }
