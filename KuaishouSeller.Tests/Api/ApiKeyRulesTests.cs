using KuaishouSeller.Core.Api;

namespace KuaishouSeller.Tests.Api;

/// <summary>The key's printed shape: the public id is found however many underscores the base64url secret holds.</summary>
public class ApiKeyRulesTests
{
    [Theory]
    [InlineData("ks_0123456789ab_secret", "0123456789ab")]
    [InlineData("ks_0123456789ab_c", "0123456789ab")]
    [InlineData("ks_0123456789ab__", "0123456789ab")]
    [InlineData("ks_0123456789ab_a_b_c_d", "0123456789ab")]
    public void The_public_id_is_the_twelve_characters_after_the_prefix(string key, string publicId) =>
        Assert.Equal(publicId, ApiKeyRules.PublicIdOf(key));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ks_")]
    [InlineData("ks_0123456789ab")]
    [InlineData("ks_0123456789ab_")]
    [InlineData("ks_0123_456789ab_secret")]
    [InlineData("KS_0123456789ab_secret")]
    [InlineData("Bearer ks_0123456789ab_secret")]
    public void A_key_not_shaped_like_ours_has_no_public_id(string? key) => Assert.Null(ApiKeyRules.PublicIdOf(key));

    [Fact]
    public void New_keys_parse_back_to_their_public_id_and_keep_a_43_character_secret()
    {
        for (var i = 0; i < 200; i++)
        {
            var (publicId, key) = ApiKeyRules.NewKey();
            Assert.Equal(publicId, ApiKeyRules.PublicIdOf(key));
            Assert.Equal(43, key[$"ks_{publicId}_".Length..].Length);
        }
    }
}
