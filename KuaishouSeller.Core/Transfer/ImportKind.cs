namespace KuaishouSeller.Core.Transfer;

public enum ImportKind { Catalog, Prices, Stock }
