using System.Globalization;
using KuaishouSeller.Core.Common;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Localization;
using KuaishouSeller.Web.Localization;
using Microsoft.AspNetCore.Mvc;

namespace KuaishouSeller.Web.Hosting;

/// <summary>
/// The one place an exception from an HTTP endpoint (exports, reports, account endpoints) becomes an answer: RFC 9457
/// problem details. Core's refusals map by their kind, with the message in the reader's language as <c>detail</c> and
/// both languages as extensions; anything else is a plain 500 that never carries a stack trace. Pages are left to the
/// error page (they catch refusals themselves and show them).
/// </summary>
public sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problems, ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var endpoint = context.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
        if (endpoint is null || endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not null) return false;

        // The localization middleware's culture does not flow back out to this handler; its feature on the request does.
        var culture = context.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture ?? CultureInfo.GetCultureInfo(CultureSetup.Chinese);
        var (status, message) = exception switch
        {
            UserFacingException refusal => (StatusOf(refusal.Kind), refusal.UserMessage),
            BadHttpRequestException bad => (bad.StatusCode, new Bilingual("请求参数不正确。", "The request's parameters are not valid.")),
            _ => (StatusCodes.Status500InternalServerError, new Bilingual("服务器出错了，请稍后再试。", "Something went wrong on the server; please try again later.")),
        };
        var problem = new ProblemDetails
        {
            Status = status,
            Detail = message.For(culture),
            Extensions = { ["zh"] = message.Zh, ["en"] = message.En },
        };
        if (problem.Status == StatusCodes.Status500InternalServerError)
            logger.LogError(exception, "Unhandled exception on {Path}", context.Request.Path.Value);
        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }

    public static int StatusOf(RefusalKind kind) => kind switch
    {
        RefusalKind.Forbidden => StatusCodes.Status403Forbidden,
        RefusalKind.NotFound => StatusCodes.Status404NotFound,
        RefusalKind.Conflict => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status400BadRequest,
    };
}
