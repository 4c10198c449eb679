namespace KuaishouSeller.Core.Scores;

/// <summary>A published rulebook version. Snapshots keep the id of the version they were computed with.</summary>
public class Rulebook
{
    public long Id { get; set; }
    public ScoreSubject Subject { get; set; }
    public int Version { get; set; }
    public string Definition { get; set; } = "";
    public DateTime PublishedAt { get; set; }
    public string PublishedBy { get; set; } = "";
    public string? Note { get; set; }
}
