namespace KuaishouSeller.Core.Organisations;

public enum ShopStatus { Open = 1, Suspended = 2, Closed = 3 }
