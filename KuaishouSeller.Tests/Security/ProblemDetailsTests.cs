using System.Net;
using System.Text.Json;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Tests.Infrastructure;
using KuaishouSeller.Web.Hosting;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace KuaishouSeller.Tests.Security;

/// <summary>
/// Exports take only their names; a report with a bad period or month is a 400 problem (RFC 9457) in the reader's
/// language, never a 500; every refusal of Core maps by its kind in one handler.
/// </summary>
public abstract class ProblemDetailsTests(SecureAppFactory app)
{
    [Theory]
    [InlineData("/export/3.csv")]
    [InlineData("/export/-1.csv")]
    [InlineData("/export/99.xlsx")]
    [InlineData("/export/Stock.pdf")]
    [InlineData("/export/rules.csv")]
    [InlineData("/reports/nothing.csv")]
    public async Task Unknown_downloads_are_404_problems(string path)
    {
        using var client = await OwnerAsync();
        var problem = await ProblemAsync(await client.GetAsync(path), HttpStatusCode.NotFound);
        Assert.Equal("没有这种下载。", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("stock")]
    [InlineData("catalog")]
    [InlineData("prices")]
    public async Task The_named_exports_download(string kind)
    {
        using var client = await OwnerAsync();
        var response = await client.GetAsync($"/export/{kind}.csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/csv", response.Content.Headers.ContentType!.ToString());
    }

    [Theory]
    [InlineData("/reports/dashboard.csv?days=0")]
    [InlineData("/reports/dashboard.csv?days=-5")]
    [InlineData("/reports/settlement.xlsx?days=100000")]
    [InlineData("/reports/top.csv?days=abc")]
    [InlineData("/reports/plan.csv?month=garbage")]
    [InlineData("/reports/plan.csv?month=2026-13")]
    public async Task Bad_report_parameters_are_400_problems_in_both_languages(string path)
    {
        using var client = await OwnerAsync();
        var problem = await ProblemAsync(await client.GetAsync(path), HttpStatusCode.BadRequest);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        Assert.DoesNotContain("   at ", problem.GetRawText());

        await client.GetAsync("/preferences/culture?culture=en&returnUrl=/");
        var english = await ProblemAsync(await client.GetAsync(path), HttpStatusCode.BadRequest);
        Assert.Matches("^[ -~]+$", english.GetProperty("detail").GetString()!);
    }

    [Fact]
    public async Task A_refusal_carries_both_languages_and_the_page_reports_still_download()
    {
        using var client = await OwnerAsync();
        var problem = await ProblemAsync(await client.GetAsync("/reports/dashboard.csv?days=0"), HttpStatusCode.BadRequest);
        Assert.Equal("统计天数须在 1 到 366 之间。", problem.GetProperty("detail").GetString());
        Assert.Equal("统计天数须在 1 到 366 之间。", problem.GetProperty("zh").GetString());
        Assert.Equal("The period must be between 1 and 366 days.", problem.GetProperty("en").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/reports/dashboard.csv?days=7")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/reports/plan.xlsx?month=2026-11")).StatusCode);
    }

    [Theory]
    [InlineData(RefusalKind.Invalid, 400)]
    [InlineData(RefusalKind.Forbidden, 403)]
    [InlineData(RefusalKind.NotFound, 404)]
    [InlineData(RefusalKind.Conflict, 409)]
    public async Task Each_kind_of_refusal_has_its_status_and_anything_else_is_a_500_without_a_stack_trace(RefusalKind kind, int status)
    {
        var (code, body) = await HandleAsync(new DomainException(new("中文说明", "English text"), kind));
        Assert.Equal(status, code);
        Assert.Contains("中文说明", body);
        Assert.Contains("English text", body);

        var (crashCode, crashBody) = await HandleAsync(new InvalidOperationException("secret internals"));
        Assert.Equal(500, crashCode);
        Assert.DoesNotContain("secret internals", crashBody);
        Assert.DoesNotContain("InvalidOperationException", crashBody);
    }

    /// <summary>Runs the app's own handler on a request to an HTTP endpoint that threw.</summary>
    private async Task<(int Status, string Body)> HandleAsync(Exception exception)
    {
        using var scope = app.Services.CreateScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Response.Body = new MemoryStream();
        context.Request.Headers.Accept = "application/json";
        context.Features.Set<IExceptionHandlerFeature>(new ExceptionHandlerFeature
        {
            Error = exception, Path = "/reports/x.csv", Endpoint = new Endpoint(null, EndpointMetadataCollection.Empty, "report"),
        });
        var handler = new ProblemDetailsExceptionHandler(scope.ServiceProvider.GetRequiredService<IProblemDetailsService>(),
            NullLogger<ProblemDetailsExceptionHandler>.Instance);
        Assert.True(await handler.TryHandleAsync(context, exception, default));
        return (context.Response.StatusCode, System.Text.Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()));
    }

    private async Task<HttpClient> OwnerAsync()
    {
        var client = app.CreateKestrelClient();
        await FormClient.SignInAsync(client, "owner@demo.ks", KuaishouSeller.Core.DemoWorld.DemoWorldSeeder.DemoPassword);
        return client;
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }
}

[Collection(SecureSqliteCollection.Name)]
public sealed class ProblemDetailsOnSqlite(SecureSqliteApp app) : ProblemDetailsTests(app);

[Collection(SecurePostgresCollection.Name)]
public sealed class ProblemDetailsOnPostgres(SecurePostgresApp app) : ProblemDetailsTests(app);
