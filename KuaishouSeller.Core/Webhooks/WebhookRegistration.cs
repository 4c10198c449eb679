using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KuaishouSeller.Core.Webhooks;

/// <summary>The webhook services, registered by one line of <see cref="CoreServices"/>.</summary>
public static class WebhookRegistration
{
    public static void Add(IServiceCollection services)
    {
        services.AddScoped<WebhookService>();
        services.AddScoped<WebhookDispatcher>();
        // The "Webhooks" configuration section when there is one; the production rules otherwise.
        services.TryAddSingleton(sp =>
        {
            var options = new WebhookOptions();
            sp.GetService<IConfiguration>()?.GetSection("Webhooks").Bind(options);
            return options;
        });
        services.AddHttpClient(WebhookRules.HttpClientName, (sp, client) => client.Timeout = sp.GetRequiredService<WebhookOptions>().Timeout)
            // A redirect is an answer, not a delivery: following it could post a signed event somewhere the merchant never named.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false, ConnectTimeout = TimeSpan.FromSeconds(5), PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            });
    }
}
