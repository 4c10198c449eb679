using System.Security.Claims;
using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Transfer;
using Microsoft.AspNetCore.WebUtilities;

namespace KuaishouSeller.Web.Hosting;

/// <summary>Downloads (exports) and the generated product pictures of the demo world.</summary>
public static class FileEndpoints
{
    public static void MapFileEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // GET /export/stock.xlsx, /export/prices.csv … streamed; scoped by Core to the user's current merchant.
        endpoints.MapGet("/export/{kind}.{format}", async (HttpContext context, string kind, string format, ExportService exports) =>
        {
            if (!Enum.TryParse<ImportKind>(kind, ignoreCase: true, out var what) || !Enum.TryParse<SheetFormat>(format, ignoreCase: true, out var sheet))
                return Results.NotFound();
            var userId = context.User.FindFirstValue(ClaimTypes.NameIdentifier)!;
            // Writing the body streams rows from the database; a refusal must come before the first byte.
            var buffer = new FileBufferingWriteStream();
            string fileName;
            try
            {
                fileName = await exports.ExportAsync(userId, what, sheet, buffer, context.RequestAborted);
            }
            catch (AccessDeniedException e)
            {
                await buffer.DisposeAsync();
                return Results.Problem(e.UserMessage.ToString(), statusCode: StatusCodes.Status403Forbidden);
            }
            context.Response.RegisterForDisposeAsync(buffer);
            context.Response.ContentType = sheet == SheetFormat.Csv ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            // An ASCII name for old clients, the merchant's (Chinese) name for the rest.
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"{what.ToString().ToLowerInvariant()}.{sheet.ToString().ToLowerInvariant()}\"; filename*=UTF-8''{Uri.EscapeDataString(fileName)}";
            await buffer.DrainBufferAsync(context.Response.Body, context.RequestAborted);
            return Results.Empty;
        }).RequireAuthorization();

        // GET /reports/dashboard.xlsx?days=30: the GMV-by-field table of the current workspace.
        endpoints.MapGet("/reports/dashboard.{format}", async (HttpContext context, string format, int? days, KuaishouSeller.Core.Dashboard.DashboardQueries dashboard) =>
        {
            if (!Enum.TryParse<SheetFormat>(format, ignoreCase: true, out var sheet)) return Results.NotFound();
            var overview = await dashboard.GetOverviewAsync(context.User.FindFirstValue(ClaimTypes.NameIdentifier)!, days ?? 30, context.RequestAborted);
            string[] header = ["日期从", "日期到", "场域", "入口", "GMV(元)", "订单", "上期GMV(元)", "去年同期GMV(元)"];
            async IAsyncEnumerable<object?[]> Rows()
            {
                foreach (var f in overview.Fields)
                    yield return [overview.From.ToString("yyyy-MM-dd"), overview.To.ToString("yyyy-MM-dd"), f.Channel.ToString(), f.Entrance == KuaishouSeller.Core.Orders.ShelfEntrance.None ? "" : f.Entrance.ToString(),
                        KuaishouSeller.Core.Common.Money.ToYuan(f.GmvFen), f.Orders, KuaishouSeller.Core.Common.Money.ToYuan(f.PreviousGmvFen), KuaishouSeller.Core.Common.Money.ToYuan(f.YearAgoGmvFen)];
                await Task.CompletedTask;
            }
            context.Response.ContentType = sheet == SheetFormat.Csv ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"dashboard.{format.ToLowerInvariant()}\"";
            var buffer = new MemoryStream();
            if (sheet == SheetFormat.Csv) await SheetWriter.WriteCsvAsync(buffer, header, Rows(), context.RequestAborted);
            else await SheetWriter.WriteXlsxAsync(buffer, "GMV", header, Rows(), context.RequestAborted);
            return Results.Bytes(buffer.ToArray(), context.Response.ContentType);
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
}
