using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using KuaishouSeller.Core.Identity;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Web.Hosting.Mail;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KuaishouSeller.Web.Hosting;

/// <summary>
/// Keys, cookies, proxies, HTTPS and the response headers every page and file carries. Development keeps plain HTTP on
/// localhost (and the tests run there); every other environment insists on HTTPS.
/// </summary>
public static class TransportSecurity
{
    public const string NonceItem = "ks-csp-nonce";

    public static void AddTransportSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        var secure = PlainHttp(builder.Environment, configuration) ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;

        // Every cookie scheme Identity registers (application, external, two-factor) and the antiforgery cookie.
        services.PostConfigureAll<CookieAuthenticationOptions>(o =>
        {
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = secure;
            o.Cookie.SameSite = SameSiteMode.Lax;
        });
        services.AddAntiforgery(o =>
        {
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = secure;
            o.Cookie.SameSite = SameSiteMode.Strict;
        });

        // The security stamp is checked on every request (one indexed user read), so a password change or reset, or
        // "sign out everywhere", ends every other session on its next click instead of up to 30 minutes later.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);
        services.Replace(ServiceDescriptor.Scoped<ISecurityStampValidator, StampCheckingValidator>());

        // A parameter that does not bind (days=abc) becomes an exception the problem-details handler answers as 400,
        // in every environment, instead of an empty 400 the status-code pages would turn into the not-found page.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();

        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            // Only the proxies named in configuration; the framework's default (loopback) would let any local process lie.
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
            foreach (var proxy in configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [])
                o.KnownProxies.Add(IPAddress.Parse(proxy));
        });
        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = true;
        });

        services.Configure<MailOptions>(configuration.GetSection(MailOptions.Section));
        services.AddSingleton<AppMailer>();
        services.AddSingleton<AccountMails>();
        services.AddSingleton<IEmailSender<AppUser>>(sp => sp.GetRequiredService<AccountMails>());

        // Keys live in the database so every web node decrypts every other node's cookies; a certificate from
        // configuration encrypts them there, so a copy of the database alone forges no cookie and reads no token.
        var keys = services.AddDataProtection()
            .SetApplicationName("KuaishouSeller")
            .PersistKeysToDbContext<AppDbContext>();
        if (LoadKeyCertificate(configuration) is { } certificate)
            keys.ProtectKeysWithCertificate(certificate);
    }

    public static X509Certificate2? LoadKeyCertificate(IConfiguration configuration)
    {
        var path = configuration["DataProtection:CertificatePath"];
        return string.IsNullOrWhiteSpace(path)
            ? null
            : X509CertificateLoader.LoadPkcs12FromFile(path, configuration["DataProtection:CertificatePassword"]);
    }

    /// <summary>
    /// Plain HTTP is allowed in Development, and in any environment with <c>Security:PlainHttp=true</c>: only for a
    /// measurement on loopback (the benchmark's server, the wrk load test), never for a node users reach.
    /// </summary>
    private static bool PlainHttp(IHostEnvironment environment, IConfiguration configuration) =>
        environment.IsDevelopment() || configuration.GetValue<bool>("Security:PlainHttp");

    /// <summary>First in the pipeline: the proxy's view of the request, HTTPS, and the headers on every response.</summary>
    public static void UseTransportSecurity(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.Use(SecurityHeaders);
        if (!PlainHttp(app.Environment, app.Configuration))
        {
            app.UseHsts();
            app.UseHttpsRedirection();
            if (string.IsNullOrWhiteSpace(app.Configuration["DataProtection:CertificatePath"]))
                app.Logger.LogWarning("Data Protection keys are stored unencrypted in the database: set DataProtection:CertificatePath " +
                    "(and DataProtection:CertificatePassword) to a PKCS#12 certificate so a copy of the database cannot forge sign-in cookies");
            if (app.Configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() is not { Length: > 0 })
                app.Logger.LogInformation("No ForwardedHeaders:KnownProxies configured: X-Forwarded-* headers are ignored");
        }
        app.Services.GetRequiredService<AppMailer>().LogDestination(app.Environment.IsDevelopment());
    }

    /// <summary>
    /// The policy the app, MudBlazor, Blazor Server and Chart.js run under: scripts only from this site (the one inline
    /// script, the import map, carries the per-response nonce); inline styles are allowed because MudBlazor writes its
    /// theme and component styles inline; the circuit's WebSocket is the only connection; nobody may frame the app.
    /// </summary>
    private static Task SecurityHeaders(HttpContext context, Func<Task> next)
    {
        // Hex, not base64: Razor encodes "+" and "/" in the attribute, and the nonce must match the header byte for byte.
        var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        context.Items[NonceItem] = nonce;
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers.ContentSecurityPolicy =
                $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
                "font-src 'self' data:; connect-src 'self' ws: wss:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
            return Task.CompletedTask;
        });
        return next();
    }
}
