using System.Globalization;
using System.Threading.RateLimiting;
using KuaishouSeller.Core.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace KuaishouSeller.Web.Api;

/// <summary>
/// The open API: <c>/api/v1</c> with its bearer-key scheme, per-key rate limit, problem details, the OpenAPI document at
/// <c>/openapi/v1.json</c> and the reference page at <c>/api/reference</c>.
/// </summary>
public static class ApiSetup
{
    public const string Prefix = "/api/v1";
    public const string Policy = "api-key";
    public const string ReferencePath = "/api/reference";
    public const string DocumentPath = "/openapi/v1.json";

    public static IServiceCollection AddKuaishouApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<ApiAccess>();
        // A query or body that does not bind throws (and becomes a 400 problem naming the field) instead of an empty 400.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        new AuthenticationBuilder(services).AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser());

        // Per key, a fixed window: a busy integration cannot starve the others (or the pages) on the same node.
        var permits = configuration.GetValue("Api:RequestsPerMinute", 600);
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Policy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.User.FindFirst(ApiKeyAuthenticationHandler.KeyIdClaim)?.Value ?? "anonymous",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            limiter.OnRejected = async (rejected, ct) =>
            {
                var retry = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
                rejected.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await ApiProblems.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests, ApiProblems.TooManyRequests);
            };
        });

        services.AddOpenApi("v1", o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/v1", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "KuaishouSeller open API";
                document.Info.Version = "v1";
                document.Info.Description = "Stock, products, product cards, scores and campaign registrations of one organisation, "
                                            + "called with an API key created in Settings (Authorization: Bearer <key>). Errors are RFC 9457 problem details.";
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "ks_<id>_<secret>",
                    Description = "An API key of the organisation, created in Settings → API keys or with the `apikey create` verb.",
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] }];
                return Task.CompletedTask;
            });
        });
        return services;
    }

    /// <summary>Before routing: every /api/v1 answer, including failures of binding and of the body size, is problem details.</summary>
    public static WebApplication UseKuaishouApiProblems(this WebApplication app)
    {
        app.UseWhen(c => c.Request.Path.StartsWithSegments(Prefix), branch => branch.UseMiddleware<ApiProblemMiddleware>());
        return app;
    }

    public static WebApplication MapKuaishouApi(this WebApplication app)
    {
        var api = app.MapGroup(Prefix)
            .RequireAuthorization(Policy)
            .RequireRateLimiting(Policy)
            .DisableAntiforgery()
            .AddEndpointFilter(async (context, next) =>
            {
                // The declared permission, checked (and a refusal recorded) before the handler asks Core.
                var http = context.HttpContext;
                if (http.GetEndpoint()?.Metadata.GetMetadata<ApiScope>() is { } scope)
                    await http.RequestServices.GetRequiredService<ApiAccess>().RequireAsync(ApiCaller.From(http), scope.Permission,
                        "api:" + (http.GetEndpoint()?.DisplayName ?? http.Request.Path.Value), null, http.RequestAborted);
                return await next(context);
            });
        api.MapStockEndpoints();
        api.MapCatalogEndpoints();
        api.MapScoreEndpoints();
        api.MapCampaignEndpoints();
        api.MapOrderEndpoints();
        api.MapCarrierEndpoints();
        api.MapAfterSaleEndpoints();
        // Anything else under /api/v1 is a 404 problem, not the pages' not-found page.
        api.MapFallback((HttpContext c) => ApiProblems.WriteAsync(c, StatusCodes.Status404NotFound, ApiProblems.NotFound)).ExcludeFromDescription();

        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference(ReferencePath, o => o
            .WithTitle("KuaishouSeller open API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .AddPreferredSecuritySchemes("Bearer")).AllowAnonymous();
        return app;
    }

    /// <summary>Summary, permission and the problem answers every endpoint can give, declared once for the document.</summary>
    /// <remarks>
    /// <paramref name="scopeInCore"/>: Core checks the permission itself on each shop the request names (the order intake,
    /// which resolves the caller once for a whole group of requests), so the per-request check before the handler is left out.
    /// </remarks>
    public static RouteHandlerBuilder Documented(this RouteHandlerBuilder endpoint, string name, string summary, Permission permission, bool validates = true,
        bool scopeInCore = false)
    {
        endpoint.WithName(name).WithSummary(summary)
            .WithDescription($"Needs the `{permission.Code()}` permission on the key.");
        if (!scopeInCore) endpoint.WithMetadata(new ApiScope(permission));
        endpoint
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        if (validates) endpoint.ProducesProblem(StatusCodes.Status400BadRequest);
        return endpoint;
    }
}
