using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Auditing;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.DemoWorld;
using KuaishouSeller.Core.Organisations;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace KuaishouSeller.Tests.Access;

/// <summary>
/// Every protected command of the workspace and access services, tried by every demo role, in the user's own
/// organisation and across organisations. Allowed commands succeed; refused ones throw and leave an audit entry.
/// </summary>
public sealed class CommandMatrixTests
{
    private static readonly string[] Users = ["operator@demo.ks", "agency@demo.ks", "creator@demo.ks", "reviewer@demo.ks", "owner@demo.ks"];

    [Fact]
    public async Task Each_role_may_run_exactly_its_commands_in_its_own_organisations()
    {
        var clock = new FakeTimeProvider(AppFactory.Now);
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await DemoWorldSeeder.SeedAsync(database.Options, DemoWorldSize.Demo, 618, clock, reset: false);
        var s = new CoreServicesFor(database, clock);
        long tea, fashion, agency;
        await using (var db = database.CreateContext())
        {
            var merchants = await db.Organisations.Where(o => o.Kind == OrganisationKind.Merchant).OrderBy(o => o.Id).Select(o => o.Id).ToListAsync();
            (tea, fashion) = (merchants[0], merchants[1]);
            agency = await db.Organisations.Where(o => o.Kind == OrganisationKind.Agency).Select(o => o.Id).SingleAsync();
        }
        var today = ShanghaiTime.Today(clock);
        var pending = await s.Delegations.RequestAsync(await s.UserIdAsync("agency@demo.ks"), agency, tea,
            new DelegationScope([Permission.DashboardView], true, [], today.AddDays(10)), null);

        // Command name → (who may run it, the command).
        var commands = new (string Name, string[] Allowed, Func<string, Task> Run)[]
        {
            ("staff.list own merchant", ["owner@demo.ks"], u => s.Staff.ListAsync(u, tea)),
            ("staff.list other merchant", [], u => s.Staff.ListAsync(u, fashion)),
            ("staff.roles", ["owner@demo.ks"], u => s.Staff.RolesAsync(u, tea)),
            ("staff.invite", ["owner@demo.ks"], u => s.Staff.InviteAsync(u, tea, $"{Guid.NewGuid():N}@x.ks", new StaffAssignment(BuiltInRoles.Analyst, true, []))),
            ("staff.invite other merchant", [], u => s.Staff.InviteAsync(u, fashion, $"{Guid.NewGuid():N}@x.ks", new StaffAssignment(BuiltInRoles.Analyst, true, []))),
            ("roles.save", ["owner@demo.ks"], u => s.Staff.SaveRoleAsync(u, tea, null, "角色" + Guid.NewGuid().ToString("N")[..4], "Role", [Permission.DashboardView])),
            ("delegation.shops", ["owner@demo.ks"], u => s.Delegations.MerchantShopsAsync(u, tea)),
            ("delegation.members", ["agency@demo.ks"], u => s.Delegations.AgencyMembersAsync(u, agency)),
            ("delegation.request", ["agency@demo.ks"], u => s.Delegations.RequestAsync(u, agency, fashion, new DelegationScope([Permission.DashboardView], true, [], today.AddDays(5)), null)),
            ("delegation.accept", ["owner@demo.ks"], u => s.Delegations.AcceptAsync(u, pending, new DelegationScope([Permission.DashboardView], true, [], today.AddDays(5)))),
            ("workspace.switch tea", ["owner@demo.ks", "operator@demo.ks", "agency@demo.ks"], u => s.Workspaces.SwitchAsync(u, tea, null)),
            ("workspace.switch fashion", ["operator@demo.ks"], u => s.Workspaces.SwitchAsync(u, fashion, null)),
        };

        var wrong = new List<string>();
        var refusals = 0;
        foreach (var (name, allowed, run) in commands)
        foreach (var email in Users)
        {
            var userId = await s.UserIdAsync(email);
            var ok = true;
            try { await run(userId); }
            catch (UserFacingException e) when (e is AccessDeniedException or NotFoundException) { ok = false; refusals++; } // a foreign id answers as missing
            if (ok != allowed.Contains(email)) wrong.Add($"{name} by {email}: expected {(allowed.Contains(email) ? "allowed" : "refused")}");
        }
        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));

        await using var check = database.CreateContext();
        Assert.Equal(refusals, await check.AuditLog.CountAsync(a => a.Action == AuditActions.AccessDenied));
        Assert.Equal(commands.Length * Users.Length - commands.Sum(c => c.Allowed.Length), refusals); // 60 attempts, 12 commands × 5 roles
    }
}
