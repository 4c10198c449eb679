using KuaishouSeller.Core;
using KuaishouSeller.Core.Api;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Web.Hosting;

/// <summary>
/// `apikey create --user &lt;email&gt; --name &lt;name&gt; --permissions &lt;codes|all&gt; [--shops &lt;ids&gt;] [--days N]`: creates an
/// API key in the user's current organisation with exactly the rules of the Settings page (never wider than the user),
/// and prints the key as its last line — the only time it is shown.
/// </summary>
public static class ApiKeyCommand
{
    private const string Usage = "Usage: apikey create --user <email> --name <name> --permissions <codes|all> [--shops <ids>] [--days N]";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] != "create" || (args.Length - 1) % 2 != 0)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        string? email = null, name = null, permissions = null, shops = null;
        int? days = null;
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--user": email = value; break;
                case "--name": name = value; break;
                case "--permissions": permissions = value; break;
                case "--shops": shops = value; break;
                case "--days" when int.TryParse(value, out var d): days = d; break;
                default: Console.Error.WriteLine(Usage); return 2;
            }
        }
        if (email is null || name is null || permissions is null)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        // The console logger writes on its own thread: it is flushed (disposed) before the key is printed, so the key stays last.
        CreatedApiKey? created;
        using (var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true)))
            created = await CreateAsync(loggerFactory.CreateLogger("apikey"), email, name, permissions, shops, days);
        if (created is null) return 1;
        Console.WriteLine($"API key '{created.Name}' (#{created.Id}) for {email}: {string.Join(",", created.Permissions)}; "
                          + $"shops {(created.ShopIds is null ? "all" : string.Join(",", created.ShopIds))}; "
                          + $"expires {(created.ExpiresAt is { } at ? at.ToString("u") : "never")}. Shown once; store it now:");
        Console.WriteLine(created.Key);
        return 0;
    }

    private static async Task<CreatedApiKey?> CreateAsync(ILogger logger, string email, string name, string permissions, string? shops, int? days)
    {
        try
        {
            var codes = permissions.Trim() == "all" ? null : permissions.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            List<long>? shopIds = null;
            if (shops is not null)
            {
                shopIds = [];
                foreach (var part in shops.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    shopIds.Add(long.TryParse(part, out var id) ? id : throw new DomainException(new($"店铺编号“{part}”不正确。", $"'{part}' is not a shop id.")));
            }

            var database = DatabaseOptions.From(SeedCommand.LoadConfiguration());
            var health = await DatabaseInitializer.InitializeAsync(database, logger);
            if (!health.IsReady) return null;
            await using var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System)
                .AddAppDatabase(database).AddKuaishouCore().BuildServiceProvider();
            await using var scope = services.CreateAsyncScope();
            string userId;
            await using (var db = DatabaseSetup.CreateContext(database))
                userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleOrDefaultAsync()
                         ?? throw new DomainException(new("没有这个用户。", $"There is no user {email}."));

            return await scope.ServiceProvider.GetRequiredService<ApiKeyService>()
                .CreateAsync(userId, new NewApiKey(name, codes, shopIds, days));
        }
        catch (Exception e) when (e is DatabaseConfigurationException or UserFacingException)
        {
            logger.LogError("{Problem}", e is UserFacingException d ? d.UserMessage.En : e.Message);
            return null;
        }
    }
}
