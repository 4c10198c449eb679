namespace KuaishouSeller.Core.Scores;

public enum ScoreSubject { Shop = 1, Product = 2, Creator = 3 }
