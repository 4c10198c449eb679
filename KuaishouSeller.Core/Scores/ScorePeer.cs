namespace KuaishouSeller.Core.Scores;

/// <summary>The peer benchmark of one indicator in one category on one day: the distribution of the peers' values.</summary>
public class ScorePeer
{
    public DateOnly Day { get; set; }
    public ScoreSubject Subject { get; set; }
    public long CategoryId { get; set; }
    public string Code { get; set; } = "";
    public int Count { get; set; }
    public double P25 { get; set; }
    public double Median { get; set; }
    public double P75 { get; set; }
    public double P90 { get; set; }
}
