namespace KuaishouSeller.Core.Programmes;

public enum Programme { Chuanliu = 1 }
