namespace KuaishouSeller.Core.Campaigns;

/// <summary>Who takes part and how (招报一体化: one registration centre, a path per role and business model).</summary>
public enum ParticipationRole
{
    /// <summary>货主自播: a goods owner sells in its own live room.</summary>
    SelfBroadcast = 1,
    /// <summary>货主货架: a goods owner's product cards on the shelf entrances.</summary>
    Shelf = 2,
    /// <summary>货主分销: a goods owner offers goods to creators with a commission rate.</summary>
    Distribution = 3,
    /// <summary>达人带货: a creator registers an account to carry campaign goods.</summary>
    CreatorCarry = 4,
}
