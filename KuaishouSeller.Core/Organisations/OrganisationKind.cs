namespace KuaishouSeller.Core.Organisations;

public enum OrganisationKind
{
    /// <summary>商家: goods owner or brand; owns shops, catalog and stock.</summary>
    Merchant = 1,
    /// <summary>达人: sells other merchants' goods in live rooms and short videos.</summary>
    Creator = 2,
    /// <summary>服务商 / 代运营: acts for merchants through a delegation.</summary>
    Agency = 3,
    /// <summary>平台: the platform's own staff (reviewers).</summary>
    Platform = 4,
}
