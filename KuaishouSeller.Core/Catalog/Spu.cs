namespace KuaishouSeller.Core.Catalog;

/// <summary>SPU: one product in the merchant's master catalog; its SKUs are the sellable variants.</summary>
public class Spu
{
    public long Id { get; set; }
    public long MerchantId { get; set; }
    public long CategoryId { get; set; }
    public string Code { get; set; } = "";
    public string Title { get; set; } = "";
    public string? Brand { get; set; }
    public DateTime CreatedAt { get; set; }
}
