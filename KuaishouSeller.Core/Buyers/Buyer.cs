namespace KuaishouSeller.Core.Buyers;

/// <summary>
/// A platform buyer as the shop sees them: the recipient an order ships to and the person in a conversation. Stored in
/// full because shipping needs it; every page, export and API answer shows it masked (<see cref="BuyerMasking"/>), and
/// revealing one field is a permission, a reason and an audited, rate-limited command.
/// </summary>
public class Buyer
{
    public long Id { get; set; }
    /// <summary>The platform nickname, public on the buyer's profile: never masked.</summary>
    public string Nickname { get; set; } = "";
    public string Name { get; set; } = "";
    public string Phone { get; set; } = "";
    /// <summary>Province, city and district: shown in full, they are what a pick list and a carrier quote need.</summary>
    public string Region { get; set; } = "";
    /// <summary>Street, building and room: masked.</summary>
    public string Street { get; set; } = "";
}
