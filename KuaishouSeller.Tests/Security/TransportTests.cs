using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Tests.Security;

/// <summary>The headers every response carries, in any environment.</summary>
[Collection(SecureSqliteCollection.Name)]
public sealed class SecurityHeaderTests(SecureSqliteApp app)
{
    [Theory]
    [InlineData("/Account/Login")]
    [InlineData("/")]
    [InlineData("/app.css")]
    [InlineData("/no-such-page")]
    [InlineData("/export/3.csv")]
    [InlineData("/img/sku/a.svg")]
    public async Task Every_response_carries_nosniff_no_framing_a_referrer_policy_and_the_content_security_policy(string path)
    {
        using var client = app.CreateKestrelClient();
        var response = await client.GetAsync(path);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("default-src 'self'", csp);
        Assert.Matches("script-src 'self' 'nonce-[A-Za-z0-9+/=]+';", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
    }

    [Fact]
    public async Task The_one_inline_script_carries_the_nonce_of_its_own_response()
    {
        using var client = app.CreateKestrelClient();
        var response = await client.GetAsync("/Account/Login");
        var nonce = System.Text.RegularExpressions.Regex.Match(Header(response, "Content-Security-Policy"), "'nonce-([^']+)'").Groups[1].Value;
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains($"<script type=\"importmap\" nonce=\"{nonce}\"", html);
    }

    internal static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"{name} is missing on {response.RequestMessage?.RequestUri}");
}

/// <summary>
/// Outside Development: HTTPS only (redirect and HSTS), the scheme taken from X-Forwarded-Proto only when the
/// configured proxy sent it, Secure + HttpOnly + SameSite cookies, and Data Protection keys encrypted at rest with the
/// configured certificate.
/// </summary>
public sealed class ProductionTransportTests(ProductionTransportTests.BehindProxy proxied, ProductionTransportTests.UntrustedProxy untrusted)
    : IClassFixture<ProductionTransportTests.BehindProxy>, IClassFixture<ProductionTransportTests.UntrustedProxy>
{
    [Fact]
    public async Task Plain_http_is_sent_to_https()
    {
        using var client = proxied.CreateKestrelClient();
        var response = await client.GetAsync("/Account/Login");
        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal("https", response.Headers.Location!.Scheme);
    }

    [Fact]
    public async Task Behind_the_configured_proxy_https_gets_hsts_and_secure_http_only_same_site_cookies()
    {
        var email = $"prod-{Guid.NewGuid():N}@test.ks";
        await proxied.CreateUserAsync(email, "Production@1");
        using var client = proxied.CreateKestrelClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");
        // HSTS is never sent to localhost or 127.0.0.1; the proxy names the public host.
        client.DefaultRequestHeaders.Add("X-Forwarded-Host", "seller.example");

        var login = await client.GetAsync("/Account/Login");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("max-age=31536000", SecurityHeaderTests.Header(login, "Strict-Transport-Security"));
        var antiforgery = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        AssertHardened(antiforgery, "samesite=strict");

        // The CookieContainer keeps Secure cookies away from http://, as a browser would: post the form by hand.
        var html = await login.Content.ReadAsStringAsync();
        var token = PageToken.Of(html);
        using var post = new HttpRequestMessage(HttpMethod.Post, "/Account/Login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["_handler"] = "login",
                ["Input.Email"] = email, ["Input.Password"] = "Production@1", ["Input.RememberMe"] = "false",
            }),
        };
        post.Headers.Add("Cookie", antiforgery.Split(';')[0]);
        var signedIn = await client.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var auth = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Identity.Application", StringComparison.Ordinal));
        AssertHardened(auth, "samesite=lax");

        // Start-up said nothing about unprotected keys, and the keys in the database are encrypted with the certificate.
        Assert.DoesNotContain("stored unencrypted", proxied.Log.All);
        await using var db = proxied.Database.CreateContext();
        var keys = await db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync();
        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("EncryptedData", xml);
            Assert.DoesNotContain("<masterKey", xml);
        });
    }

    [Fact]
    public async Task Forwarded_headers_from_an_unconfigured_address_are_ignored_and_unprotected_keys_are_warned_about()
    {
        using var client = untrusted.CreateKestrelClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        var response = await client.GetAsync("/Account/Login");
        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Contains(untrusted.Log.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("Data Protection keys are stored unencrypted"));
        Assert.Contains(untrusted.Log.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("No mail server is configured"));
    }

    private static void AssertHardened(string setCookie, string sameSite)
    {
        var attributes = setCookie.ToLowerInvariant();
        Assert.Contains("; secure", attributes);
        Assert.Contains("; httponly", attributes);
        Assert.Contains(sameSite, attributes);
    }

    public sealed class BehindProxy() : SecureAppFactory(DatabaseProvider.Sqlite, "Production", seed: false)
    {
        private readonly string _certificate = CreateCertificate();

        protected override IEnumerable<(string Key, string Value)> Settings() =>
        [
            ("https_port", "443"),
            ("ForwardedHeaders:KnownProxies:0", "127.0.0.1"),
            ("DataProtection:CertificatePath", _certificate),
            ("DataProtection:CertificatePassword", "test-only"),
        ];

        private static string CreateCertificate()
        {
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest("CN=KuaishouSeller keys (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            var path = Path.Combine(Directory.CreateTempSubdirectory("ks-keys-").FullName, "keys.pfx");
            File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, "test-only"));
            return path;
        }
    }

    public sealed class UntrustedProxy() : SecureAppFactory(DatabaseProvider.Sqlite, "Production", seed: false)
    {
        protected override IEnumerable<(string Key, string Value)> Settings() =>
            [("https_port", "443"), ("ForwardedHeaders:KnownProxies:0", "10.9.9.9"), ("Mail:PickupDirectory", "")];
    }
}
