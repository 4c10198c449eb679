using Microsoft.AspNetCore.Identity;

namespace KuaishouSeller.Core.Identity;

public class AppUser : IdentityUser
{
    /// <summary>The name shown in the app bar and in the audit log.</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>Preferred UI culture ("zh-CN" or "en"), applied at sign-in.</summary>
    public string? PreferredCulture { get; set; }
}
