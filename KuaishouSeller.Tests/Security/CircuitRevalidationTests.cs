using System.Security.Claims;
using KuaishouSeller.Web.Components.Account;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KuaishouSeller.Tests.Security;

/// <summary>The periodic stamp check of an open page (circuit), where it must not sign anyone out.</summary>
public sealed class CircuitRevalidationTests
{
    [Fact]
    public async Task A_page_still_open_while_the_app_stops_is_not_signed_out_by_the_check_running_on_its_disposed_services()
    {
        var services = new ServiceCollection().BuildServiceProvider();
        var scopes = services.GetRequiredService<IServiceScopeFactory>();
        await services.DisposeAsync(); // what the host does on shutdown while circuits are still open
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Identity:CircuitRevalidationInterval"] = "00:00:00.050" }).Build();
        using var provider = new IdentityRevalidatingAuthenticationStateProvider(NullLoggerFactory.Instance, scopes,
            Options.Create(new IdentityOptions()), configuration);
        var signedIn = new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "u1")], "test")));
        ((IHostEnvironmentAuthenticationStateProvider)provider).SetAuthenticationState(Task.FromResult(signedIn));
        var changes = new List<Task<AuthenticationState>>();
        provider.AuthenticationStateChanged += changes.Add;

        await Task.Delay(500); // ten checks

        Assert.Empty(changes);
        Assert.True((await provider.GetAuthenticationStateAsync()).User.Identity!.IsAuthenticated);
    }
}
