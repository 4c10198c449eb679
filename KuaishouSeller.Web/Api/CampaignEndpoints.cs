using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Campaigns;

namespace KuaishouSeller.Web.Api;

public sealed record PhaseDto(string Kind, string NameZh, string NameEn, DateOnly StartsOn, DateOnly EndsOn);

/// <summary>A campaign the key's organisation can see, with how many of its registrations are in each state.</summary>
public sealed record CampaignDto(long Id, string Code, string NameZh, string NameEn, string Status, IReadOnlyList<PhaseDto> Phases,
    IReadOnlyDictionary<string, int> Registrations);

/// <summary>One registration of the organisation in a campaign and its state (draft, submitted, underReview, approved, rejected, withdrawn).</summary>
public sealed record RegistrationDto(long Id, string Role, string PlanZh, string PlanEn, string? ShopName, string? SkuCode, string Title,
    long CampaignPriceFen, int CommittedStock, decimal? CommissionPercent, string State, int LockedStock, string? RejectReason, string? Problems,
    DateTime UpdatedAt, long? ResultGmvFen, int? ResultUnits);

public static class CampaignEndpoints
{
    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    public static void MapCampaignEndpoints(this RouteGroupBuilder api)
    {
        var campaigns = api.MapGroup("/campaigns").WithTags("Campaigns");

        campaigns.MapGet("", async (HttpContext http, CampaignQueries queries, CancellationToken ct) =>
        {
            var cards = await queries.ListAsync(ApiCaller.From(http).Principal, ct);
            return cards.Select(c => new CampaignDto(c.Id, c.Code, c.NameZh, c.NameEn, Camel(c.Status.ToString()),
                c.Phases.Select(p => new PhaseDto(Camel(p.Kind.ToString()), p.NameZh, p.NameEn, p.StartsOn, p.EndsOn)).ToList(),
                c.MyCounts.ToDictionary(k => Camel(k.Key.ToString()), k => k.Value))).ToList();
        }).Documented("listCampaigns", "List the campaigns with the organisation's registration counts by state", Permission.CampaignsView, validates: false);

        campaigns.MapGet("/{campaignId:long}/registrations", async (HttpContext http, CampaignQueries queries, long campaignId, string? state, int? limit, string? after, CancellationToken ct) =>
        {
            RegistrationState? wanted = null;
            if (state is not null)
                wanted = Enum.TryParse<RegistrationState>(state, ignoreCase: true, out var s) && Enum.IsDefined(s) && !int.TryParse(state, out _)
                    ? s : throw ApiFieldException.Invalid("state");
            var request = ApiPaging.Position(after, limit);
            var page = await queries.RegistrationsAsync(ApiCaller.From(http).Principal, campaignId, new RegistrationFilter(wanted), request, ct);
            return ApiPaging.ByPosition(page, request, r => new RegistrationDto(r.Id, Camel(r.Role.ToString()), r.PlanName.Zh, r.PlanName.En, r.ShopName, r.SkuCode,
                r.Title, r.CampaignPriceFen, r.CommittedStock, r.CommissionPercent, Camel(r.State.ToString()), r.LockedStock, r.RejectReason, r.Problems,
                r.UpdatedAt, r.ResultGmvFen, r.ResultUnits));
        }).Documented("listRegistrations", "List the organisation's registrations in a campaign, newest first, optionally by state", Permission.CampaignsView);
    }
}
