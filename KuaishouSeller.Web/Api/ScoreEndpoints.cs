using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Scores;

namespace KuaishouSeller.Web.Api;

/// <summary>A score band: a value from..to earns these points.</summary>
public sealed record BandDto(decimal From, decimal To, decimal Points);

/// <summary>
/// One indicator of a score, explained: what it counts (numerator over denominator, facts still in assessment in
/// <c>pending</c>), its value, the points the bands give, and its due rule when it is time-bound.
/// </summary>
public sealed record IndicatorDto(string Code, string NameZh, string NameEn, string NumeratorZh, string NumeratorEn, string DenominatorZh, string DenominatorEn,
    long Numerator, long Denominator, long Pending, decimal? Value, decimal Points, decimal Weight, string Direction, int MinSample, bool Fallback,
    IReadOnlyList<BandDto> Bands, string? DueZh, string? DueEn);

public sealed record DimensionDto(string Code, string NameZh, string NameEn, decimal Weight, decimal Contribution, IReadOnlyList<IndicatorDto> Indicators);

/// <summary>The latest score of a shop, a product or a creator, with the rulebook's explanation of every point.</summary>
public sealed record ScoreDto(string Subject, long SubjectId, string Name, DateOnly Day, decimal Total, string TierCode, string TierZh, string TierEn,
    long RulebookId, int WindowDays, IReadOnlyList<DimensionDto> Dimensions)
{
    public static ScoreDto From(ScorePage page) => new(page.Subject.ToString().ToLowerInvariant(), page.SubjectId, page.Name, page.Day,
        page.Result.Total, page.Result.Tier.Code, page.Result.Tier.NameZh, page.Result.Tier.NameEn, page.Rulebook.Id, page.Definition.WindowDays,
        page.Result.Dimensions.Select(d => new DimensionDto(d.Rule.Code, d.Rule.NameZh, d.Rule.NameEn, d.Weight, d.Contribution,
            d.Indicators.Select(i =>
            {
                var info = IndicatorCatalog.Info(i.Rule.Code);
                var due = DueRules.Describe(i.Rule.Code);
                return new IndicatorDto(i.Rule.Code, info.NameZh, info.NameEn, info.NumeratorZh, info.NumeratorEn, info.DenominatorZh, info.DenominatorEn,
                    i.Measure.Numerator, i.Measure.Denominator, i.Measure.Pending, i.Value, i.Points, i.Rule.Weight, i.Rule.Direction.ToString(),
                    i.Rule.MinSample, i.Fallback, i.Rule.Bands.Select(b => new BandDto(b.From, b.To, b.Points)).ToList(), due?.Zh, due?.En);
            }).ToList())).ToList());
}

public static class ScoreEndpoints
{
    public static void MapScoreEndpoints(this RouteGroupBuilder api)
    {
        var scores = api.MapGroup("/scores").WithTags("Scores");
        scores.MapGet("/shops/{shopId:long}", (HttpContext http, ScoreQueries queries, long shopId, CancellationToken ct) =>
                LatestAsync(http, queries, ScoreSubject.Shop, shopId, ct))
            .Documented("getShopScore", "Get a shop's latest score with the explanation of every indicator", Permission.ScoresView, validates: false);
        scores.MapGet("/products/{listingId:long}", (HttpContext http, ScoreQueries queries, long listingId, CancellationToken ct) =>
                LatestAsync(http, queries, ScoreSubject.Product, listingId, ct))
            .Documented("getProductScore", "Get a product card's latest score with the explanation of every indicator", Permission.ScoresView, validates: false);
        scores.MapGet("/creators/{creatorId:long}", (HttpContext http, ScoreQueries queries, long creatorId, CancellationToken ct) =>
                LatestAsync(http, queries, ScoreSubject.Creator, creatorId, ct))
            .Documented("getCreatorScore", "Get a creator's latest score with the explanation of every indicator", Permission.ScoresView, validates: false);
    }

    private static async Task<ScoreDto> LatestAsync(HttpContext http, ScoreQueries queries, ScoreSubject subject, long id, CancellationToken ct)
    {
        var page = await queries.PageAsync(ApiCaller.From(http).Principal, subject, id, null, ct) ?? throw new NotFoundException(ApiProblems.NotFound);
        return ScoreDto.From(page);
    }
}
