namespace KuaishouSeller.Core.Transfer;

/// <summary>Shipments: order no., carrier and waybill per row; unlike the others, each valid row ships and each refused row is reported.</summary>
public enum ImportKind { Catalog, Prices, Stock, Shipments }
