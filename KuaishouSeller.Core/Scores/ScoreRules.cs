namespace KuaishouSeller.Core.Scores;

/// <summary>When a score counts as changed (what score.changed announces), named once.</summary>
public static class ScoreRules
{
    /// <summary>Totals are shown to two decimals; a smaller difference is arithmetic noise, not a change anyone can see.</summary>
    public const double ChangeThreshold = 0.005;

    public static bool Changed(double before, double after) => Math.Abs(after - before) >= ChangeThreshold;
}
