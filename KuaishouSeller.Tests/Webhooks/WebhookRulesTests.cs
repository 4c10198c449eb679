using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Webhooks;

namespace KuaishouSeller.Tests.Webhooks;

/// <summary>The signature a receiver checks, the addresses a subscription may have, and the retry schedule.</summary>
public sealed class WebhookRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_receiver_accepts_the_signed_body_and_refuses_a_changed_body_another_secret_or_an_old_timestamp()
    {
        var secret = WebhookRules.NewSecret();
        var timestamp = WebhookRules.Timestamp(Now.UtcDateTime);
        const string body = """{"id":"7","type":"order.shipped","data":{"orderId":7}}""";
        var signature = WebhookRules.Sign(secret, timestamp, body);

        Assert.StartsWith("sha256=", signature);
        Assert.True(WebhookRules.Verify(secret, timestamp, body, signature, Now));
        Assert.False(WebhookRules.Verify(secret, timestamp, body.Replace("7}", "8}"), signature, Now));
        Assert.False(WebhookRules.Verify(WebhookRules.NewSecret(), timestamp, body, signature, Now));
        Assert.False(WebhookRules.Verify(secret, timestamp, body, signature, Now + WebhookRules.TimestampTolerance + TimeSpan.FromSeconds(1)));
        Assert.False(WebhookRules.Verify(secret, null, body, signature, Now));
    }

    [Fact]
    public void The_signature_is_hmac_sha256_of_timestamp_dot_body_in_lower_case_hex()
    {
        // The README's openssl line computes exactly this: printf '%s.%s' "$ts" "$body" | openssl dgst -sha256 -hmac "$secret".
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData("whsec_test"u8.ToArray(), "1700000000.{}"u8.ToArray()));
        Assert.Equal("sha256=" + expected, WebhookRules.Sign("whsec_test", "1700000000", "{}"));
    }

    [Theory]
    [InlineData("ftp://erp.example.com/hooks")]
    [InlineData("not a url at all")]
    [InlineData("example.com/hooks")]
    [InlineData("javascript:alert(1)")]
    public void An_address_that_is_not_http_or_https_is_refused_in_both_languages(string url)
    {
        var refused = Assert.Throws<DomainException>(() => WebhookRules.RequireUrl(url));
        Assert.StartsWith("接收地址须以 http:// 或 https:// 开头", refused.UserMessage.Zh);
        Assert.StartsWith("The address must start with http:// or https://", refused.UserMessage.En);
    }

    [Fact]
    public void Http_and_https_addresses_are_kept_and_credentials_in_them_are_refused()
    {
        Assert.Equal("https://erp.example.com/hooks?shop=1", WebhookRules.RequireUrl("  https://erp.example.com/hooks?shop=1 "));
        Assert.Equal("http://10.0.0.5:8080/ks", WebhookRules.RequireUrl("http://10.0.0.5:8080/ks"));
        var refused = Assert.Throws<DomainException>(() => WebhookRules.RequireUrl("https://user:pw@erp.example.com/"));
        Assert.Contains("password", refused.UserMessage.En);
        Assert.Throws<DomainException>(() => WebhookRules.RequireEvents(["order.shipped", "order.teleported"]));
        Assert.Equal(["order.shipped", "stock.low"], WebhookRules.RequireEvents(["stock.low", "order.shipped"]));
    }

    [Fact]
    public void Retries_follow_the_named_schedule_and_stop_after_the_fifth()
    {
        var failed = Now.UtcDateTime;
        Assert.Equal([1, 2, 4, 8, 16], WebhookRules.RetryDelays.Select(d => (int)d.TotalMinutes));
        Assert.Equal(failed.AddMinutes(1), WebhookRules.NextAttempt(WebhookRules.RetryDelays, 1, failed));
        Assert.Equal(failed.AddMinutes(16), WebhookRules.NextAttempt(WebhookRules.RetryDelays, 5, failed));
        Assert.Null(WebhookRules.NextAttempt(WebhookRules.RetryDelays, 6, failed));
        Assert.Equal(6, new WebhookOptions().MaxAttempts);
    }

    [Fact]
    public void Loopback_and_private_addresses_are_not_public()
    {
        foreach (var a in new[] { "127.0.0.1", "10.1.2.3", "192.168.1.1", "172.16.0.1", "169.254.169.254", "::1", "fd00::1" })
            Assert.False(WebhookRules.IsPublic(System.Net.IPAddress.Parse(a)), a);
        Assert.True(WebhookRules.IsPublic(System.Net.IPAddress.Parse("203.0.113.7")));
    }
}
