using System.Net;
using KuaishouSeller.Core.Common;

namespace KuaishouSeller.Tests.Operations;

public sealed class ScrapeAccessTests
{
    [Fact]
    public void Metrics_answer_loopback_and_listed_networks_but_never_what_a_proxy_forwarded()
    {
        IReadOnlyCollection<IPNetwork> none = [];
        Assert.True(ScrapeAccess.Allows(IPAddress.Loopback, forwarded: false, none));
        Assert.True(ScrapeAccess.Allows(IPAddress.IPv6Loopback, forwarded: false, none));
        Assert.True(ScrapeAccess.Allows(IPAddress.Parse("::ffff:127.0.0.1"), forwarded: false, none));
        Assert.False(ScrapeAccess.Allows(IPAddress.Loopback, forwarded: true, none));
        Assert.False(ScrapeAccess.Allows(IPAddress.Parse("10.1.2.3"), forwarded: false, none));
        Assert.False(ScrapeAccess.Allows(null, forwarded: false, none));

        var office = ScrapeAccess.Parse(["10.0.0.0/8", " "]);
        Assert.True(ScrapeAccess.Allows(IPAddress.Parse("10.1.2.3"), forwarded: false, office));
        Assert.False(ScrapeAccess.Allows(IPAddress.Parse("192.168.1.2"), forwarded: false, office));
        Assert.Contains("not-a-network", Assert.Throws<FormatException>(() => ScrapeAccess.Parse(["not-a-network"])).Message);
    }
}
