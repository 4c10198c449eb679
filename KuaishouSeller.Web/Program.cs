using KuaishouSeller.Web.Hosting;

// `dotnet run -- seed --size large [--seed N]` seeds the configured database and exits;
// `dotnet run -- import --file stock.csv --user owner@demo.ks` applies an import file and exits;
// `dotnet run -- apikey create --user owner@demo.ks --name erp --permissions all` prints a new API key as its last line;
// with no verb the app starts (seeding the demo world on first start).
if (args.Length > 0 && args[0] == "seed")
    return await SeedCommand.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "import")
    return await ImportCommand.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "apikey")
    return await ApiKeyCommand.RunAsync(args[1..]);

var builder = WebApplication.CreateBuilder(args);
builder.AddKuaishouSeller();
var app = builder.Build();
await app.PrepareDatabaseAsync();
app.UseKuaishouSeller();
await app.RunAsync();
return 0;

/// <summary>Entry point marker for WebApplicationFactory.</summary>
public partial class Program;
