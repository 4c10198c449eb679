using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace KuaishouSeller.Tests.Integration;

/// <summary>With a database it cannot use, the app still starts and every page says so clearly.</summary>
public class DatabaseUnavailableTests
{
    [Fact]
    public async Task A_corrupt_sqlite_file_gives_a_clear_page_and_is_not_touched()
    {
        var folder = Directory.CreateTempSubdirectory("ks-corrupt-app").FullName;
        var path = Path.Combine(folder, "kuaishou-seller.db");
        var garbage = "PK\u0003\u0004 a zip file renamed to .db"u8.ToArray();
        await File.WriteAllBytesAsync(path, garbage);

        await using var app = new UnavailableApp("Sqlite", $"Data Source={path}");
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.GetAsync("/Account/Login");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("系统暂时无法访问数据库", html);
        Assert.Contains("The system cannot reach its database right now", html);
        Assert.DoesNotContain("Exception", html);
        Assert.DoesNotContain(path, html);
        Assert.Equal(garbage, await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task An_unreachable_postgres_server_gives_a_clear_page()
    {
        await using var app = new UnavailableApp("Postgres", "Host=127.0.0.1;Port=1;Database=ks;Username=u;Password=secret-pw;Timeout=3");
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("系统暂时无法访问数据库", html);
        Assert.DoesNotContain("secret-pw", html);
    }

    [Fact]
    public async Task An_unknown_provider_gives_a_clear_page()
    {
        await using var app = new UnavailableApp("MySql", "Server=x");
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("系统暂时无法访问数据库", await response.Content.ReadAsStringAsync());
    }

    private sealed class UnavailableApp(string provider, string connectionString) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Database:Provider", provider);
            builder.UseSetting("Database:ConnectionString", connectionString);
        }
    }
}
