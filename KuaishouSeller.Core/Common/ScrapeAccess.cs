using System.Net;

namespace KuaishouSeller.Core.Common;

/// <summary>
/// Who may read /metrics: loopback by default (a Prometheus or an agent on the node itself), plus the networks an operator
/// lists in Metrics:AllowedNetworks. A request a proxy forwarded (it carries X-Forwarded-For) comes from elsewhere,
/// whatever the socket says, so it is refused: the proxy on the node is on loopback too.
/// </summary>
public static class ScrapeAccess
{
    public static bool Allows(IPAddress? remote, bool forwarded, IReadOnlyCollection<IPNetwork> allowed)
    {
        if (remote is null || forwarded) return false;
        if (remote.IsIPv4MappedToIPv6) remote = remote.MapToIPv4();
        return IPAddress.IsLoopback(remote) || allowed.Any(network => network.Contains(remote));
    }

    /// <summary>Parses "10.0.0.0/8"-style entries; a wrong one is a configuration error named in the message.</summary>
    public static IReadOnlyCollection<IPNetwork> Parse(IEnumerable<string> networks) =>
        networks.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => IPNetwork.TryParse(n.Trim(), out var network)
            ? network
            : throw new FormatException($"Metrics:AllowedNetworks entry '{n}' is not a network such as 10.0.0.0/8.")).ToList();
}
