using System.Text.Json;
using System.Text.RegularExpressions;
using KuaishouSeller.Core.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace KuaishouSeller.Web.Api;

/// <summary>
/// Wraps every /api/v1 request: caps the body size (413), turns refusals, bad parameters, malformed JSON and anything
/// unexpected into problem details, and answers an unknown route or method with problem details instead of a page.
/// </summary>
public sealed partial class ApiProblemMiddleware(RequestDelegate next, ILogger<ApiProblemMiddleware> logger, IConfiguration configuration)
{
    private readonly long _maxBody = configuration.GetValue("Api:MaxBodyBytes", 64 * 1024L);
    private const long DrainLimit = 1024 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        var size = context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature ? feature : null;
        if (context.Request.ContentLength > _maxBody)
        {
            // A moderately oversize body is read and dropped, so the client hears the 413 instead of a reset connection.
            if (size is not null && context.Request.ContentLength <= DrainLimit)
            {
                size.MaxRequestBodySize = DrainLimit;
                await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            }
            await ApiProblems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, ApiProblems.TooLarge);
            return;
        }
        if (size is not null) size.MaxRequestBodySize = _maxBody;
        // The pages' status-code re-execution would answer an empty 404 with HTML.
        if (context.Features.Get<IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
        try
        {
            await next(context);
            if (!context.Response.HasStarted && context.Response.ContentLength is null or 0 && context.Response.StatusCode is 400 or 404 or 405 or 415)
                await ApiProblems.WriteAsync(context, context.Response.StatusCode, context.Response.StatusCode switch
                {
                    404 => ApiProblems.NotFound,
                    405 => ApiProblems.MethodNotAllowed,
                    415 => new Bilingual("请以 application/json 发送请求体。", "Send the body as application/json."),
                    _ => new Bilingual("请求格式不正确。", "The request is not valid."),
                });
        }
        catch (UserFacingException refusal)
        {
            await ApiProblems.WriteAsync(context, refusal);
        }
        catch (BadHttpRequestException bad) when (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await ApiProblems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, ApiProblems.TooLarge);
        }
        catch (BadHttpRequestException bad)
        {
            var field = FieldOf(bad);
            await ApiProblems.WriteAsync(context, StatusCodes.Status400BadRequest, field is null
                ? new Bilingual("请求格式不正确。", "The request is not valid.")
                : ApiFieldException.Invalid(field).UserMessage, field);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The caller went away; nothing to answer.
        }
        catch (Exception e)
        {
            logger.LogError(e, "Unhandled exception on {Path}", context.Request.Path.Value);
            await ApiProblems.WriteAsync(context, StatusCodes.Status500InternalServerError, ApiProblems.ServerError);
        }
    }

    /// <summary>The field a binding failure is about: the JSON path of a malformed body, or the query/route parameter's name.</summary>
    private static string? FieldOf(BadHttpRequestException bad)
    {
        for (Exception? e = bad; e is not null; e = e.InnerException)
        {
            if (e is JsonException { Path: { Length: > 0 } path })
                return path == "$" ? "body" : path.TrimStart('$', '.');
        }
        if (bad.InnerException is JsonException) return "body";
        var match = ParameterName().Match(bad.Message);
        if (!match.Success) return bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase) ? "body" : null;
        var name = match.Groups[1].Value;
        // A body parameter is reported by its type and name ("AdjustStockRequest request"): the body as a whole.
        return bad.Message.Contains("from the request body", StringComparison.OrdinalIgnoreCase) ? "body" : name;
    }

    [GeneratedRegex("""parameter "(?:[^"]*\s)?([A-Za-z_][A-Za-z0-9_]*)"(?: from|\s+was)""")]
    private static partial Regex ParameterName();
}
