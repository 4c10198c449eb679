namespace KuaishouSeller.Core.Organisations;

public class Organisation
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public OrganisationKind Kind { get; set; }
    public DateTime CreatedAt { get; set; }
}
