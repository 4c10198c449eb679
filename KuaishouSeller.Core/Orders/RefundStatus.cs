namespace KuaishouSeller.Core.Orders;

public enum RefundStatus { Requested = 1, Approved = 2, Rejected = 3 }
