using System.Globalization;
using KuaishouSeller.Core.DemoWorld;
using KuaishouSeller.Core.Persistence;

namespace KuaishouSeller.Web.Hosting;

/// <summary>
/// `seed [--size demo|large] [--seed N] [--reset]`: seeds the configured database (appsettings,
/// environment variables such as Database__Provider) and prints how long it took.
/// </summary>
public static class SeedCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var size = DemoWorldSize.Demo;
        var seed = 618;
        var reset = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--size" when i + 1 < args.Length && Enum.TryParse(args[i + 1], true, out DemoWorldSize s):
                    size = s; i++; break;
                case "--seed" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var n):
                    seed = n; i++; break;
                case "--reset":
                    reset = true; break;
                default:
                    Console.Error.WriteLine($"Unknown argument '{args[i]}'. Usage: seed [--size demo|large] [--seed N] [--reset]");
                    return 2;
            }
        }

        var configuration = LoadConfiguration();
        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));
        var logger = loggerFactory.CreateLogger("seed");
        try
        {
            var options = DatabaseOptions.From(configuration);
            var health = await DatabaseInitializer.InitializeAsync(options, logger);
            if (!health.IsReady) return 1;
            var report = await DemoWorldSeeder.SeedAsync(options, size, seed, TimeProvider.System, reset,
                message => logger.LogInformation("{Progress}", message));
            Console.WriteLine(
                $"Seeded '{size.ToString().ToLowerInvariant()}' (seed {seed}) into {DatabaseInitializer.Describe(options)} in {report.Elapsed.TotalSeconds:0.0} s: " +
                $"{report.Merchants} merchants, {report.Shops} shops, {report.Skus:N0} SKUs, {report.Orders:N0} orders.");
            DemoLoginsPrinter.Print(Console.Out, report.Logins);
            return 0;
        }
        catch (DatabaseConfigurationException e)
        {
            logger.LogError("{Problem}", e.Message);
            return 1;
        }
        catch (InvalidOperationException e)
        {
            logger.LogError("{Problem}", e.Message);
            return 1;
        }
    }

    /// <summary>The app's configuration sources (appsettings, environment variables) for the command-line verbs.</summary>
    internal static IConfiguration LoadConfiguration() => new ConfigurationBuilder()
        .SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json", optional: true)
        .AddJsonFile($"appsettings.{Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Production"}.json", optional: true)
        .AddEnvironmentVariables()
        .Build();
}

public static class DemoLoginsPrinter
{
    public static void Print(TextWriter output, IReadOnlyList<DemoLogin> logins)
    {
        output.WriteLine();
        output.WriteLine("Demo logins / 演示账号 (password for all: " + (logins.Count > 0 ? logins[0].Password : "-") + ")");
        foreach (var login in logins)
            output.WriteLine($"  {login.RoleEn,-22} {login.RoleZh,-8} {login.Email}");
        output.WriteLine();
    }
}
