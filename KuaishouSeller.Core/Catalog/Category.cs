namespace KuaishouSeller.Core.Catalog;

public class Category
{
    public long Id { get; set; }
    public string Code { get; set; } = "";
    public string NameZh { get; set; } = "";
    public string NameEn { get; set; } = "";
    public long? ParentId { get; set; }
}
