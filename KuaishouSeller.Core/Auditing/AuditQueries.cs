using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Auditing;

public sealed record AuditFilter(string? Action = null, string? Actor = null, DateOnly? From = null, DateOnly? To = null);

/// <summary>"X of agency A for merchant M" when the action went through a delegation.</summary>
public sealed record AuditRow(long Id, DateTime At, string ActorName, string Action, string EntityType, string? EntityId,
    string? OrganisationName, string? AgencyName, string? ShopName, string? Before, string? After, string? Subject = null)
{
    /// <summary>The entry as a sentence in the reader's language.</summary>
    public Bilingual Sentence => AuditText.Describe(this);
}

/// <summary>The audit log of the organisations where the user may read it. Read-only: nothing edits entries.</summary>
public sealed class AuditQueries(IDbContextFactory<AppDbContext> contexts, AccessService access)
{
    public async Task<PagedResult<AuditRow>> ListAsync(string userId, AuditFilter filter, PageRequest page, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var actor = await access.ResolveAsync(db, userId, ct);
        // audit.view is own-only: a delegation never shows the merchant's log to the agency; a shop-limited member does not read it either.
        var organisations = actor.Grants.Where(g => g.Allows(Permission.AuditView) && g.Covers(ShopTarget.AllShops))
            .Select(g => g.OrganisationId).Distinct().ToList();

        var rows = db.AuditLog.Where(a => a.OrganisationId != null && organisations.Contains(a.OrganisationId.Value));
        if (!string.IsNullOrWhiteSpace(filter.Action)) rows = rows.Where(a => a.Action.StartsWith(filter.Action.Trim()));
        if (!string.IsNullOrWhiteSpace(filter.Actor)) rows = rows.Where(a => a.ActorName.Contains(filter.Actor.Trim()));
        if (filter.From is { } from) { var fromUtc = ShanghaiTime.StartOfDayUtc(from); rows = rows.Where(a => a.At >= fromUtc); }
        if (filter.To is { } to) { var toUtc = ShanghaiTime.StartOfDayUtc(to.AddDays(1)); rows = rows.Where(a => a.At < toUtc); }

        var total = await rows.CountAsync(ct);
        var pageRows = await (
            from a in rows.OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Skip(page.Offset).Take(page.Take)
            join o in db.Organisations on a.OrganisationId equals o.Id into orgs
            from o in orgs.DefaultIfEmpty()
            join d in db.Delegations on a.DelegationId equals d.Id into delegations
            from d in delegations.DefaultIfEmpty()
            join agency in db.Organisations on d.AgencyId equals agency.Id into agencies
            from agency in agencies.DefaultIfEmpty()
            join s in db.Shops on a.ShopId equals s.Id into shops
            from s in shops.DefaultIfEmpty()
            orderby a.At descending, a.Id descending
            select new AuditRow(a.Id, a.At, a.ActorName, a.Action, a.EntityType, a.EntityId, o.Name, agency.Name, s.Name, a.Before, a.After, a.Subject)
        ).ToListAsync(ct);
        return new PagedResult<AuditRow>(pageRows, total);
    }
}
