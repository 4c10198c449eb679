using KuaishouSeller.Core.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KuaishouSeller.Core.Jobs;

public enum JobRunState { Queued = 0, Running = 1, Succeeded = 2, Failed = 3, Skipped = 4 }

/// <summary>
/// One run of a background job, as data: what, who asked, when it was due, started and finished, how far it got, on
/// which node, and how it ended. Every node reads these rows, so any node shows any run; the scheduler (Quartz) decides
/// which node runs it.
/// </summary>
public sealed class JobRun
{
    public long Id { get; set; }
    /// <summary>A <see cref="JobKinds"/> code.</summary>
    public string Kind { get; set; } = "";
    /// <summary>Runs of one lane never run at once (the recompute button and the nightly recompute share one).</summary>
    public string Lane { get; set; } = "";
    public JobRunState State { get; set; }
    /// <summary>The person's display name, or the system actor ("nightly", "scheduler").</summary>
    public string RequestedBy { get; set; } = "";
    public string? RequestedByUserId { get; set; }
    public long? ShopId { get; set; }
    public DateTime QueuedAt { get; set; }
    /// <summary>The trigger's scheduled fire time, for scheduled runs: one run per trigger fire.</summary>
    public DateTime? ScheduledFor { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? HeartbeatAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public string? StageZh { get; set; }
    public string? StageEn { get; set; }
    public int Done { get; set; }
    public int Total { get; set; }
    /// <summary>The scheduler instance (node) that runs or ran it; changes when another node recovers it.</summary>
    public string? Node { get; set; }
    /// <summary>1 for a first run; more when a node was lost and another picked the run up.</summary>
    public int Attempts { get; set; }
    /// <summary>What the run did, as structured JSON (counts); pages render it as a sentence.</summary>
    public string? Outcome { get; set; }
    public string? ErrorZh { get; set; }
    public string? ErrorEn { get; set; }
    /// <summary>For the operator: the exception's type and message (never a connection string or a secret).</summary>
    public string? ErrorDetail { get; set; }

    public Bilingual? Stage => StageZh is null ? null : new Bilingual(StageZh, StageEn ?? StageZh);
    public Bilingual? Error => ErrorZh is null ? null : new Bilingual(ErrorZh, ErrorEn ?? ErrorZh);
    public bool IsActive => State is JobRunState.Queued or JobRunState.Running;
}

public sealed class JobRunConfiguration : IEntityTypeConfiguration<JobRun>
{
    /// <summary>The filtered unique index that turns two nodes starting one lane at once into a refusal.</summary>
    public const string OneRunningPerLane = "IX_JobRuns_RunningLane";

    public void Configure(EntityTypeBuilder<JobRun> builder)
    {
        builder.ToTable("JobRuns");
        builder.Property(r => r.Kind).HasMaxLength(64);
        builder.Property(r => r.Lane).HasMaxLength(64);
        builder.Property(r => r.RequestedBy).HasMaxLength(256);
        builder.Property(r => r.RequestedByUserId).HasMaxLength(450);
        builder.Property(r => r.Node).HasMaxLength(200);
        builder.Property(r => r.StageZh).HasMaxLength(200);
        builder.Property(r => r.StageEn).HasMaxLength(200);
        builder.Property(r => r.Outcome).HasMaxLength(2000);
        builder.Property(r => r.ErrorZh).HasMaxLength(500);
        builder.Property(r => r.ErrorEn).HasMaxLength(500);
        builder.Property(r => r.ErrorDetail).HasMaxLength(2000);
        builder.HasIndex(r => r.Lane, OneRunningPerLane).IsUnique().HasFilter("\"State\" = 1");
        builder.HasIndex(r => new { r.Kind, r.QueuedAt });
        builder.HasIndex(r => new { r.State, r.QueuedAt });
        builder.ToTable(t => t.HasCheckConstraint("CK_JobRuns_Progress", "\"Done\" >= 0 AND \"Total\" >= 0 AND \"Attempts\" >= 0"));
    }
}
