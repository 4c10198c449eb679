using KuaishouSeller.Core.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace KuaishouSeller.Tests.Reliability;

/// <summary>The real app started on a database that already exists (a second node, or a restart after a crash).</summary>
public sealed class ExistingDatabaseApp(DatabaseOptions database, bool useKestrel = false, IReadOnlyDictionary<string, string>? settings = null)
    : WebApplicationFactory<Program>
{
    /// <summary>With Kestrel: the real http://127.0.0.1:port address.</summary>
    public string RootUri { get; private set; } = "";

    public void Start()
    {
        if (useKestrel) UseKestrel(0);
        StartServer();
        if (useKestrel)
            RootUri = Infrastructure.AppFactory.LoopbackAddress(Services);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Database:Provider", database.Provider.ToString());
        builder.UseSetting("Database:ConnectionString", database.ConnectionString);
        if (useKestrel) builder.UseSetting("urls", "http://127.0.0.1:0");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
    }
}
