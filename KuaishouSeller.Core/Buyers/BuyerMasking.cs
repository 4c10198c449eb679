namespace KuaishouSeller.Core.Buyers;

/// <summary>The one masking rule for buyer data, used by every page, export and API answer: 张*, 138****5678, 浙江省杭州市西湖区****.</summary>
public static class BuyerMasking
{
    /// <summary>The family name (first character) stays; the rest becomes one star.</summary>
    public static string Name(string name) =>
        string.IsNullOrEmpty(name) ? "" : name.Length == 1 ? "*" : string.Concat(name.AsSpan(0, 1), "*");

    /// <summary>The first three and last four digits stay; anything shorter than eight characters is masked whole.</summary>
    public static string Phone(string phone) =>
        phone.Length < 8 ? new string('*', phone.Length) : string.Concat(phone.AsSpan(0, 3), "****", phone.AsSpan(phone.Length - 4));

    /// <summary>The region stays, the street is hidden.</summary>
    public static string Address(string region, string street) => string.IsNullOrEmpty(street) ? region : region + "****";

    public static MaskedBuyer Mask(Buyer buyer) =>
        new(buyer.Id, buyer.Nickname, Name(buyer.Name), Phone(buyer.Phone), Address(buyer.Region, buyer.Street));
}

/// <summary>What a page may show of a buyer without a reveal.</summary>
public sealed record MaskedBuyer(long Id, string Nickname, string Name, string Phone, string Address);
