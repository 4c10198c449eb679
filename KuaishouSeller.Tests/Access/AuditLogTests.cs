using KuaishouSeller.Core.Auditing;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.DemoWorld;
using KuaishouSeller.Core.Organisations;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace KuaishouSeller.Tests.Access;

public sealed class AuditLogTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_merchant_reads_what_agency_staff_did_for_it_and_nobody_else_reads_its_log(DatabaseProvider provider)
    {
        var clock = new FakeTimeProvider(AppFactory.Now);
        await using var database = await TestDatabase.CreateAsync(provider);
        await DemoWorldSeeder.SeedAsync(database.Options, DemoWorldSize.Demo, 618, clock, reset: false);
        var services = new CoreServicesFor(database, clock);
        long tea;
        await using (var db = database.CreateContext())
            tea = await db.Organisations.Where(o => o.Kind == OrganisationKind.Merchant).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();

        var agency = await services.UserIdAsync("agency@demo.ks");
        await services.Workspaces.SwitchAsync(agency, tea, null);

        var ownerView = await services.AuditLog.ListAsync(await services.UserIdAsync("owner@demo.ks"), new AuditFilter(Action: "workspace."), new PageRequest(0, 25));
        var row = Assert.Single(ownerView.Rows);
        Assert.Equal(("张代运营", "星火代运营", "山野茶坊"), (row.ActorName, row.AgencyName, row.OrganisationName));

        // The operator has no audit right; the agency's delegation does not carry one either.
        Assert.Equal(0, (await services.AuditLog.ListAsync(await services.UserIdAsync("operator@demo.ks"), new AuditFilter(), new PageRequest(0, 25))).TotalCount);
        var agencyView = await services.AuditLog.ListAsync(agency, new AuditFilter(), new PageRequest(0, 25));
        Assert.DoesNotContain(agencyView.Rows, r => r.OrganisationName == "山野茶坊");

        // Filters and paging run in SQL.
        var filtered = await services.AuditLog.ListAsync(await services.UserIdAsync("owner@demo.ks"), new AuditFilter(Actor: "nobody"), new PageRequest(0, 25));
        Assert.Equal(0, filtered.TotalCount);
    }
}
