using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using KuaishouSeller.Core.Common;

namespace KuaishouSeller.Core.Webhooks;

/// <summary>
/// The rules of webhooks, named once: the address a subscription may have, its secret, the signature a receiver checks,
/// the headers, the retry schedule and when a failing subscription is switched off.
/// </summary>
public static class WebhookRules
{
    public const int MaxUrlLength = 500, MaxErrorLength = 200, MaxPayloadLength = 4000;
    /// <summary>An organisation's subscriptions: enough for every system it runs, few enough to fan out cheaply.</summary>
    public const int MaxSubscriptionsPerOrganisation = 20;

    /// <summary>
    /// The production retry schedule: after the first attempt fails, retries after 1, 2, 4, 8 and 16 minutes (five
    /// retries, about half an hour in all), like the platform's own pushes; then the delivery is given up (replayable).
    /// </summary>
    public static readonly IReadOnlyList<TimeSpan> RetryDelays =
        [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(8), TimeSpan.FromMinutes(16)];

    /// <summary>
    /// Failed attempts in a row (across deliveries) after which a subscription is disabled: three deliveries' worth
    /// of the retry schedule, so one bad event never switches a receiver off, a receiver down for hours does.
    /// </summary>
    public const int DisableAfterConsecutiveFailures = 18;

    /// <summary>A receiver must answer within this; a slow one would hold the worker's slots.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>An attempt's claim lapses after this (its node was lost mid-send), so the delivery is tried again.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(2);

    /// <summary>A receiver should refuse a timestamp further than this from its clock (replayed captures).</summary>
    public static readonly TimeSpan TimestampTolerance = TimeSpan.FromMinutes(5);

    public const string HttpClientName = "webhooks";
    public const string EventIdHeader = "X-KS-Event-Id", EventTypeHeader = "X-KS-Event-Type", TimestampHeader = "X-KS-Timestamp",
        SignatureHeader = "X-KS-Signature", DeliveryIdHeader = "X-KS-Delivery-Id";
    public const string SignaturePrefix = "sha256=";

    private const string SecretPrefix = "whsec_";

    /// <summary>The address, trimmed, or the bilingual refusal: an absolute http or https URL, no credentials in it.</summary>
    public static string RequireUrl(string? url)
    {
        var text = (url ?? "").Trim();
        if (text.Length == 0) throw new DomainException(new("请填写接收地址。", "Give the address to deliver to."));
        if (text.Length > MaxUrlLength)
            throw new DomainException(new($"接收地址最多 {MaxUrlLength} 个字符。", $"The address can have at most {MaxUrlLength} characters."));
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(uri.Host))
            throw new DomainException(new($"接收地址须以 http:// 或 https:// 开头（“{Shorten(text)}”不是），未创建。",
                $"The address must start with http:// or https:// (\"{Shorten(text)}\" does not); nothing was created."));
        if (uri.UserInfo.Length > 0)
            throw new DomainException(new("接收地址里不能包含用户名或密码，请改用签名校验。", "The address cannot contain a user name or password; check the signature instead."));
        return uri.ToString();
    }

    /// <summary>The chosen event types, checked against <see cref="WebhookEvents"/>, in the list's order.</summary>
    public static IReadOnlyList<string> RequireEvents(IReadOnlyCollection<string>? events)
    {
        if (events is null || events.Count == 0) throw new DomainException(new("请至少选择一个事件。", "Choose at least one event."));
        foreach (var e in events.Where(e => !WebhookEvents.IsKnown(e)))
            throw new DomainException(new($"没有“{Shorten(e)}”这个事件。", $"There is no event \"{Shorten(e)}\"."));
        return WebhookEvents.All.Where(events.Contains).ToList();
    }

    /// <summary>A new secret: "whsec_" and 256 random bits.</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>What the page shows of a stored secret: its start only.</summary>
    public static string SecretHint(string secret) => secret.Length > SecretPrefix.Length + 4 ? secret[..(SecretPrefix.Length + 4)] + "…" : "…";

    /// <summary>The signature header's value: HMAC-SHA256 with the secret over "timestamp.body", lower-case hex.</summary>
    public static string Sign(string secret, string timestamp, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + body));
        return SignaturePrefix + Convert.ToHexStringLower(mac);
    }

    /// <summary>What a receiver does: recompute and compare in constant time, and refuse a stale timestamp.</summary>
    public static bool Verify(string secret, string? timestamp, string body, string? signature, DateTimeOffset now)
    {
        if (timestamp is null || signature is null || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return false;
        if ((now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > TimestampTolerance) return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, timestamp, body)), Encoding.ASCII.GetBytes(signature));
    }

    public static string Timestamp(DateTime utc) => new DateTimeOffset(utc, TimeSpan.Zero).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>When attempt <paramref name="attempt"/> (1-based) failed: the next one's due time, or null when it was the last.</summary>
    public static DateTime? NextAttempt(IReadOnlyList<TimeSpan> delays, int attempt, DateTime failedAt) =>
        attempt <= delays.Count ? failedAt + delays[attempt - 1] : null;

    /// <summary>An address the worker may connect to: public ones only, unless private networks are allowed (tests, a receiver on the same host).</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)) return false;
        if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast) return false;
        var b = address.GetAddressBytes();
        if (b.Length == 4)
            return !(b[0] == 10 || b[0] == 127 || b[0] == 0 || (b[0] == 172 && b[1] >= 16 && b[1] <= 31) || (b[0] == 192 && b[1] == 168)
                     || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && b[1] >= 64 && b[1] <= 127) || b[0] >= 224);
        return true;
    }

    private static string Shorten(string text) => text.Length > 60 ? text[..60] + "…" : text;
}

/// <summary>
/// How this node delivers: the production rules by default (<see cref="WebhookRules"/>); tests shorten the schedule
/// and allow a receiver on loopback. Bound from the "Webhooks" configuration section.
/// </summary>
public sealed class WebhookOptions
{
    public IReadOnlyList<TimeSpan> RetryDelays { get; set; } = WebhookRules.RetryDelays;
    public int DisableAfterConsecutiveFailures { get; set; } = WebhookRules.DisableAfterConsecutiveFailures;
    public TimeSpan Timeout { get; set; } = WebhookRules.Timeout;
    /// <summary>Off in production: a subscription cannot make the worker call the host's own network.</summary>
    public bool AllowPrivateNetworks { get; set; }
    /// <summary>Deliveries one worker run claims at most, and how many it sends at once.</summary>
    public int BatchSize { get; set; } = 200;
    public int Parallelism { get; set; } = 8;
    /// <summary>The node's name on its claims (empty: host name and process id).</summary>
    public string? Node { get; set; }

    public int MaxAttempts => RetryDelays.Count + 1;
}
