namespace KuaishouSeller.Core.Orders;

public enum RefundReason
{
    QualityProblem = 1,
    NotAsDescribed = 2,
    DamagedInTransit = 3,
    WrongItem = 4,
    LateShipment = 5,
    ChangedMind = 6,
    Other = 7,
}
