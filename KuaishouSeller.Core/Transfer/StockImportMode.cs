namespace KuaishouSeller.Core.Transfer;

/// <summary>A stock file either states the counted on-hand quantity (stocktake) or the quantity received.</summary>
public enum StockImportMode { SetOnHand, AddReceived }
