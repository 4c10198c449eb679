using KuaishouSeller.Core;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Identity;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Transfer;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Web.Hosting;

/// <summary>
/// `import --file stock.csv --user owner@demo.ks [--kind stock|prices|catalog] [--mode set|add]`: checks and applies an
/// import file into the user's current workspace on the configured database, exactly as the import page does (same
/// checks, one transaction), printing progress. For large files run by an operator, and for the crash tests.
/// </summary>
public static class ImportCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? file = null, email = null;
        var kind = ImportKind.Stock;
        var mode = StockImportMode.SetOnHand;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--file": file = value; break;
                case "--user": email = value; break;
                case "--kind" when Enum.TryParse(value, true, out ImportKind k): kind = k; break;
                case "--mode": mode = value == "add" ? StockImportMode.AddReceived : StockImportMode.SetOnHand; break;
                default: file = null; i = args.Length; break;
            }
        }
        if (file is null || email is null || args.Length % 2 != 0)
        {
            Console.Error.WriteLine("Usage: import --file <csv|xlsx> --user <email> [--kind stock|prices|catalog] [--mode set|add]");
            return 2;
        }

        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));
        var logger = loggerFactory.CreateLogger("import");
        try
        {
            var database = DatabaseOptions.From(SeedCommand.LoadConfiguration());
            var health = await DatabaseInitializer.InitializeAsync(database, logger);
            if (!health.IsReady) return 1;
            await using var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System)
                .AddAppDatabase(database).AddKuaishouCore().BuildServiceProvider();
            await using var scope = services.CreateAsyncScope();
            string userId;
            await using (var db = DatabaseSetup.CreateContext(database))
                userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleOrDefaultAsync()
                         ?? throw new DomainException(new("没有这个用户。", $"There is no user {email}."));

            var imports = scope.ServiceProvider.GetRequiredService<ImportService>();
            // Console progress is written synchronously, so the last line printed is where the import really was.
            var progress = new InlineProgress(p => Console.WriteLine($"{p.Stage.En} {p.Done}/{p.Total}"));
            var plan = await imports.PreviewAsync(userId, kind, mode, await File.ReadAllBytesAsync(file), Path.GetFileName(file), progress);
            foreach (var issue in plan.Issues.Take(20))
                Console.WriteLine($"row {issue.Row}, {issue.Column}: {issue.Message.En}");
            if (!plan.CanApply)
            {
                Console.WriteLine($"Not imported: {plan.Issues.Count} problems.");
                return 1;
            }
            Console.WriteLine($"Applying {plan.RowCount} rows");
            var result = await imports.ApplyAsync(userId, plan, progress);
            Console.WriteLine(result.Applied ? $"Imported {result.Rows} rows, {result.Changed} changed, in {result.Took.TotalSeconds:0.00} s." : $"Not imported: {result.Issues.Count} problems.");
            return result.Applied ? 0 : 1;
        }
        catch (Exception e) when (e is DatabaseConfigurationException or DomainException)
        {
            logger.LogError("{Problem}", e is DomainException d ? d.UserMessage.En : e.Message);
            return 1;
        }
    }

    private sealed class InlineProgress(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }
}
