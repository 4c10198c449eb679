namespace KuaishouSeller.Core.Orders;

public enum ComplaintKind { ProductQuality = 1, Logistics = 2, Service = 3, FalseAdvertising = 4 }
