using System.Security.Claims;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Transfer;
using Microsoft.AspNetCore.WebUtilities;

namespace KuaishouSeller.Web.Hosting;

/// <summary>Downloads (exports) and the generated product pictures of the demo world.</summary>
public static class FileEndpoints
{
    public static void MapFileEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // GET /export/stock.xlsx, /export/prices.csv … streamed; scoped by Core to the user's current merchant. Only the
        // names below: an enum parse would also take "3" or "-1" and reach a sheet past the check written for the names.
        endpoints.MapGet("/export/{kind}.{format}", async (HttpContext context, string kind, string format, ExportService exports) =>
        {
            if (!ExportKinds.TryGetValue(kind, out var what)) throw NoSuchFile();
            var sheet = SheetFormatOf(format);
            var userId = context.User.FindFirstValue(ClaimTypes.NameIdentifier)!;
            // Writing the body streams rows from the database; a refusal (which the problem-details handler answers)
            // must come before the first byte.
            var buffer = new FileBufferingWriteStream();
            context.Response.RegisterForDisposeAsync(buffer);
            var fileName = await exports.ExportAsync(userId, what, sheet, buffer, context.RequestAborted);
            context.Response.ContentType = ContentTypeOf(sheet);
            // An ASCII name for old clients, the merchant's (Chinese) name for the rest.
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"{what.ToString().ToLowerInvariant()}.{sheet.ToString().ToLowerInvariant()}\"; filename*=UTF-8''{Uri.EscapeDataString(fileName)}";
            await buffer.DrainBufferAsync(context.Response.Body, context.RequestAborted);
            return Results.Empty;
        }).RequireAuthorization();

        // GET /reports/{dashboard|top|settlement|plan}.{csv|xlsx}?days=30&month=2026-11: the tables of those pages, for the
        // current workspace and with the user's rights (Core scopes every query and refuses a period it does not offer).
        endpoints.MapGet("/reports/{name}.{format}", async (HttpContext context, string name, string format, int? days, string? month, IServiceProvider services) =>
        {
            var sheet = SheetFormatOf(format);
            var userId = context.User.FindFirstValue(ClaimTypes.NameIdentifier)!;
            var report = await Reports.BuildAsync(services, userId, name, days ?? 30, month, context.RequestAborted) ?? throw NoSuchFile();
            var buffer = new MemoryStream();
            if (sheet == SheetFormat.Csv) await SheetWriter.WriteCsvAsync(buffer, report.Header, Reports.Stream(report.Rows), context.RequestAborted);
            else await SheetWriter.WriteXlsxAsync(buffer, name, report.Header, Reports.Stream(report.Rows), context.RequestAborted);
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}.{sheet.ToString().ToLowerInvariant()}\"";
            return Results.Bytes(buffer.ToArray(), ContentTypeOf(sheet));
        }).RequireAuthorization();

        // GET /orders/export.csv?state=…: the filtered orders of the current workspace, buyers masked (exports never carry buyer data).
        endpoints.MapGet("/orders/export.csv", async (HttpContext context, KuaishouSeller.Core.Orders.OrderListQueries orders) =>
        {
            var filter = Components.Pages.Orders.OrderFilterQuery.Parse(name => context.Request.Query[name].FirstOrDefault());
            var userId = context.User.FindFirstValue(ClaimTypes.NameIdentifier)!;
            var buffer = new MemoryStream();
            await orders.ExportCsvAsync(userId, filter, buffer, context.RequestAborted);
            context.Response.Headers.ContentDisposition = "attachment; filename=\"orders.csv\"";
            return Results.Bytes(buffer.ToArray(), ContentTypeOf(SheetFormat.Csv));
        }).RequireAuthorization();

        // The demo world's product pictures: a small generated SVG per SKU, so cards look like cards without files.
        endpoints.MapGet("/img/sku/{name}.svg", (HttpContext context, string name) =>
        {
            var hue = name.Aggregate(7, (h, c) => (h * 31 + c) % 360);
            context.Response.Headers.CacheControl = "public, max-age=86400";
            var svg = $"""
                <svg xmlns="http://www.w3.org/2000/svg" width="240" height="240" viewBox="0 0 240 240">
                <rect width="240" height="240" fill="hsl({hue},55%,88%)"/>
                <rect x="60" y="70" width="120" height="110" rx="14" fill="hsl({hue},45%,62%)"/>
                <path d="M90 70 q30 -40 60 0" stroke="hsl({hue},45%,42%)" stroke-width="8" fill="none"/>
                </svg>
                """;
            return Results.Text(svg, "image/svg+xml");
        });
    }

    private static readonly Dictionary<string, ImportKind> ExportKinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["stock"] = ImportKind.Stock,
        ["catalog"] = ImportKind.Catalog,
        ["prices"] = ImportKind.Prices,
    };

    private static SheetFormat SheetFormatOf(string format) => format.ToLowerInvariant() switch
    {
        "csv" => SheetFormat.Csv,
        "xlsx" => SheetFormat.Xlsx,
        _ => throw NoSuchFile(),
    };

    private static string ContentTypeOf(SheetFormat sheet) =>
        sheet == SheetFormat.Csv ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static NotFoundException NoSuchFile() => new(new("没有这种下载。", "There is no such download."));
}
