using System.Text.Json;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Web.Hosting;

namespace KuaishouSeller.Web.Api;

/// <summary>
/// Every error of the open API as RFC 9457 problem details: type, title, status, <c>detail</c> in the caller's
/// Accept-Language (Chinese unless English is asked for) and both languages as <c>zh</c> and <c>en</c>; a bad field is
/// named in <c>field</c>. Never a stack trace.
/// </summary>
public static class ApiProblems
{
    public const string ContentType = "application/problem+json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task WriteAsync(HttpContext context, int status, Bilingual message, string? field = null)
    {
        if (context.Response.HasStarted) return;
        // Headers set before (WWW-Authenticate, Retry-After) stay; nothing of a body has been written yet.
        context.Response.StatusCode = status;
        context.Response.ContentType = ContentType;
        var problem = new Dictionary<string, object?>
        {
            ["type"] = TypeOf(status),
            ["title"] = TitleOf(status),
            ["status"] = status,
            ["detail"] = PrefersEnglish(context.Request) ? message.En : message.Zh,
            ["zh"] = message.Zh,
            ["en"] = message.En,
        };
        if (field is not null) problem["field"] = field;
        problem["traceId"] = context.TraceIdentifier;
        await context.Response.WriteAsync(JsonSerializer.Serialize(problem, Json), context.RequestAborted);
    }

    public static Task WriteAsync(HttpContext context, UserFacingException refusal) =>
        WriteAsync(context, refusal switch
            {
                ApiUnauthorizedException => StatusCodes.Status401Unauthorized,
                // The request is well formed but its idempotency key belongs to another request.
                Core.Orders.IdempotencyKeyReusedException => StatusCodes.Status422UnprocessableEntity,
                _ => ProblemDetailsExceptionHandler.StatusOf(refusal.Kind),
            },
            refusal.UserMessage, refusal switch
            {
                ApiFieldException f => f.Field,
                Core.Orders.IntakeFieldException f => f.Field,
                _ => null,
            });

    /// <summary>English when the first language the caller names is English; Chinese otherwise (the product's default).</summary>
    public static bool PrefersEnglish(HttpRequest request)
    {
        var header = request.Headers.AcceptLanguage.ToString();
        return header.TrimStart().StartsWith("en", StringComparison.OrdinalIgnoreCase);
    }

    public static readonly Bilingual Unauthorized = new("缺少 API 密钥，或密钥无效、已过期或已吊销。请在请求头中发送 Authorization: Bearer <密钥>。",
        "The API key is missing, unknown, expired or revoked. Send Authorization: Bearer <key>.");
    public static readonly Bilingual NotFound = new("找不到该资源。", "That resource does not exist.");
    public static readonly Bilingual TooLarge = new("请求体过大。", "The request body is too large.");
    public static readonly Bilingual TooManyRequests = new("请求过于频繁，请稍后再试。", "Too many requests; try again later.");
    public static readonly Bilingual ServerError = new("服务器出错了，请稍后再试。", "Something went wrong on the server; please try again later.");
    public static readonly Bilingual MethodNotAllowed = new("该资源不支持此请求方法。", "This resource does not allow that method.");

    private static string TypeOf(int status) => status switch
    {
        400 => "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        401 => "https://tools.ietf.org/html/rfc9110#section-15.5.2",
        403 => "https://tools.ietf.org/html/rfc9110#section-15.5.4",
        404 => "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        405 => "https://tools.ietf.org/html/rfc9110#section-15.5.6",
        409 => "https://tools.ietf.org/html/rfc9110#section-15.5.10",
        413 => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        422 => "https://tools.ietf.org/html/rfc9110#section-15.5.21",
        429 => "https://tools.ietf.org/html/rfc6585#section-4",
        _ => "https://tools.ietf.org/html/rfc9110#section-15.6.1",
    };

    private static string TitleOf(int status) => status switch
    {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        413 => "Content Too Large",
        422 => "Unprocessable Content",
        429 => "Too Many Requests",
        _ => "Internal Server Error",
    };
}

/// <summary>A bad query or body field: 400 naming it.</summary>
public sealed class ApiFieldException(string field, Bilingual message) : DomainException(message)
{
    public string Field { get; } = field;

    public static ApiFieldException Invalid(string field) =>
        new(field, new($"参数“{field}”的值不正确。", $"The field '{field}' is not valid."));

    public static ApiFieldException Required(string field) =>
        new(field, new($"缺少参数“{field}”。", $"The field '{field}' is required."));
}
