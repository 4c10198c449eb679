using KuaishouSeller.Core.Common;

namespace KuaishouSeller.Core.Transfer;

/// <summary>How far a long import has got, for a progress bar.</summary>
public sealed record ImportProgress(Bilingual Stage, int Done, int Total)
{
    public double Percent => Total == 0 ? 100 : Math.Round(100.0 * Done / Total, 1);
}
