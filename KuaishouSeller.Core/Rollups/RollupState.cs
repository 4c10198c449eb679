namespace KuaishouSeller.Core.Rollups;

/// <summary>How far the rollups are complete: every day up to and including RefreshedThrough.</summary>
public class RollupState
{
    public int Id { get; set; }
    public DateOnly RefreshedThrough { get; set; }
    public DateTime UpdatedAt { get; set; }
}
