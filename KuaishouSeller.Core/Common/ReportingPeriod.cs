namespace KuaishouSeller.Core.Common;

/// <summary>
/// The one definition of "the last N days" behind every sales figure (经营概览, 店铺与账号, 佣金结算, the role homes):
/// N complete Beijing days ending yesterday, as the daily rollups hold them (T+1). Every page that shows such a figure
/// prints <see cref="From"/>–<see cref="To"/>, so two pages showing "近30天" show the same days and the same number
/// (issue 18: the shops page summed the last 30×24 hours of raw orders, today included, and disagreed with settlement).
/// </summary>
public readonly record struct ReportingPeriod(DateOnly From, DateOnly To)
{
    public const int MaxDays = 366;

    public static ReportingPeriod LastDays(TimeProvider clock, int days)
    {
        if (days is < 1 or > MaxDays) throw new DomainException(new("统计天数须在 1 到 366 之间。", "The period must be between 1 and 366 days."));
        var to = ShanghaiTime.Today(clock).AddDays(-1);
        return new ReportingPeriod(to.AddDays(-(days - 1)), to);
    }

    public int Days => To.DayNumber - From.DayNumber + 1;

    public bool Contains(DateOnly day) => day >= From && day <= To;

    /// <summary>"2026-11-01 – 2026-11-30", the same in both languages.</summary>
    public override string ToString() => $"{From:yyyy-MM-dd} – {To:yyyy-MM-dd}";
}
