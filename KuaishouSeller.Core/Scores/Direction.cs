namespace KuaishouSeller.Core.Scores;

public enum Direction { HigherIsBetter = 1, LowerIsBetter = 2 }
