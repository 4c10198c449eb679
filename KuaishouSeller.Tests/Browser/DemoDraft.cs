using KuaishouSeller.Core.Campaigns;
using KuaishouSeller.Core.Organisations;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KuaishouSeller.Tests.Browser;

/// <summary>A 618 shelf-plan draft of the owner's first shop with the goods matching a search, made through Core as the wizard makes it.</summary>
public static class DemoDraft
{
    public static async Task<long> StartAsync(AppFactory app, string search, int step)
    {
        await using var db = app.Database.CreateContext();
        var owner = await db.Users.Where(u => u.Email == "owner@demo.ks").Select(u => u.Id).SingleAsync();
        var merchant = await db.Organisations.Where(o => o.Kind == OrganisationKind.Merchant).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
        var shop = await db.Shops.Where(s => s.MerchantId == merchant).OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
        var campaign = await db.Campaigns.Where(c => c.Code == "618-demo").Select(c => c.Id).SingleAsync();
        var plan = await db.ParticipationPlans.Where(p => p.CampaignId == campaign && p.Role == ParticipationRole.Shelf).Select(p => p.Id).SingleAsync();
        using var scope = app.Services.CreateScope();
        var campaigns = scope.ServiceProvider.GetRequiredService<CampaignService>();
        var batch = await campaigns.StartAsync(owner, campaign, plan, shop, null);
        await campaigns.AddGoodsAsync(owner, batch, null, search);
        await campaigns.SetStepAsync(owner, batch, step);
        return batch;
    }
}
