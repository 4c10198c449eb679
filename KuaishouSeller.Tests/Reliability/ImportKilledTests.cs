using System.Diagnostics;
using System.Net;
using System.Text;
using KuaishouSeller.Core.DemoWorld;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Transfer;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Tests.Reliability;

/// <summary>
/// A real process applying a big stocktake is killed (SIGKILL) in the middle of writing it. The database then holds
/// the whole import or none of it, every stock figure still equals its ledger, and the app starts and works on it.
/// </summary>
public sealed class ImportKilledTests
{
    private const int Rows = 40_000;

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_process_killed_mid_import_leaves_all_or_nothing_and_the_app_works(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var imports = world.Services.Imports;
        // Enough SKUs of our own that applying takes long enough to be interrupted.
        string category;
        await using (var db = world.Db())
            category = await db.Categories.Where(c => c.ParentId != null).OrderBy(c => c.Id).Select(c => c.Code).FirstAsync();
        var catalog = Csv("spu_code,title,category,sku_code,attributes,list_price,cost", i => $"KILL-SPU-{i / 4:D5},断电测试 {i / 4},{category},KILL-{i:D6},规格:{i % 4},99.00,40");
        var added = await imports.ApplyAsync(world.Owner, await imports.PreviewAsync(world.Owner, ImportKind.Catalog, StockImportMode.SetOnHand, catalog, "catalog.csv"));
        Assert.True(added.Applied);

        var file = Path.Combine(Path.GetTempPath(), $"ks-stocktake-{Guid.NewGuid():N}.csv");
        await File.WriteAllBytesAsync(file, Csv("sku_code,quantity,reason", i => $"KILL-{i:D6},{100 + i % 500},断电测试盘点"));
        try
        {
            var output = await RunAndKillWhileWritingAsync(world.Database.Options, file);
            Assert.Contains("Applying 40000 rows", output);
        }
        finally
        {
            File.Delete(file);
        }

        await using (var db = world.Db())
        {
            var counted = await db.StockItems.Where(s => db.Skus.Any(k => k.Id == s.SkuId && k.Code.StartsWith("KILL-"))).Select(s => s.OnHand).ToListAsync();
            Assert.Equal(Rows, counted.Count);
            var untouched = counted.Count(q => q == 0);
            Assert.True(untouched == 0 || untouched == Rows, $"{Rows - untouched} of {Rows} rows were applied: a partial import.");
        }
        Assert.Empty(await world.Services.Stock.LedgerMismatchesAsync(world.Merchant));

        // The app starts on the same database, signs the owner in and shows the stock page.
        await using var app = new ExistingDatabaseApp(world.Database.Options);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var signIn = await FormClient.SignInAsync(client, "owner@demo.ks", DemoWorldSeeder.DemoPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var stock = await client.GetAsync("/inventory");
        Assert.Equal(HttpStatusCode.OK, stock.StatusCode);

        // And the same file imports cleanly afterwards.
        var retry = await imports.ApplyAsync(world.Owner, await imports.PreviewAsync(world.Owner, ImportKind.Stock, StockImportMode.SetOnHand,
            Csv("sku_code,quantity,reason", i => $"KILL-{i:D6},{100 + i % 500},重新导入"), "stocktake.csv"));
        Assert.True(retry.Applied);
        Assert.Empty(await world.Services.Stock.LedgerMismatchesAsync(world.Merchant));
    }

    /// <summary>Runs the app's `import` verb as a child process and kills it as soon as it reports writing rows.</summary>
    private static async Task<string> RunAndKillWhileWritingAsync(DatabaseOptions database, string file)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["Database__Provider"] = database.Provider.ToString(), ["Database__ConnectionString"] = database.ConnectionString },
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "KuaishouSeller.Web.dll"), "import", "--file", file, "--user", "owner@demo.ks" })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var killed = new TaskCompletionSource();
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.OutputDataReceived += (_, e) =>
        {
            lock (output) output.AppendLine(e.Data);
            if (e.Data?.StartsWith("Writing", StringComparison.Ordinal) == true)
            {
                process.Kill(entireProcessTree: true); // SIGKILL: no finally blocks, no rollback from the process itself
                killed.TrySetResult();
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        lock (output)
        {
            Assert.True(killed.Task.IsCompleted, "The import finished before it could be killed:" + Environment.NewLine + output);
            return output.ToString();
        }
    }

    private static byte[] Csv(string header, Func<int, string> line)
    {
        var text = new StringBuilder(header).Append('\n');
        for (var i = 0; i < Rows; i++) text.Append(line(i)).Append('\n');
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
