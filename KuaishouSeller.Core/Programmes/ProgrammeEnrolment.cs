namespace KuaishouSeller.Core.Programmes;

/// <summary>A shop's enrolment in a growth programme.</summary>
public class ProgrammeEnrolment
{
    public long Id { get; set; }
    public long ShopId { get; set; }
    public Programme Programme { get; set; }
    public DateTime EnrolledAt { get; set; }
    public string EnrolledBy { get; set; } = "";
}
