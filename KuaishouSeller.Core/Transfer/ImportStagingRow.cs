namespace KuaishouSeller.Core.Transfer;

/// <summary>A staging row: an import's parsed lines go to the database in one bulk write, so applying them is set-based SQL.</summary>
public class ImportStagingRow
{
    public long BatchId { get; set; }
    public int RowNumber { get; set; }
    public long SkuId { get; set; }
    public long? ShopId { get; set; }
    public long? Amount { get; set; }
    public int? Threshold { get; set; }
    public string? Reason { get; set; }
}
