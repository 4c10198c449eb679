using KuaishouSeller.Core.Common;
using Microsoft.AspNetCore.Identity;

namespace KuaishouSeller.Web.Hosting;

/// <summary>ASP.NET Identity's messages (password rules, duplicate e-mail …) in the user's language.</summary>
public sealed class BilingualIdentityErrors : IdentityErrorDescriber
{
    private static IdentityError Error(string code, string zh, string en) => new() { Code = code, Description = new Bilingual(zh, en).ToString() };

    public override IdentityError PasswordTooShort(int length) => Error(nameof(PasswordTooShort), $"密码至少需要 {length} 个字符。", $"Passwords must be at least {length} characters.");
    public override IdentityError PasswordRequiresNonAlphanumeric() => Error(nameof(PasswordRequiresNonAlphanumeric), "密码需要至少一个符号（如 @ # !）。", "Passwords must have at least one symbol.");
    public override IdentityError PasswordRequiresDigit() => Error(nameof(PasswordRequiresDigit), "密码需要至少一个数字。", "Passwords must have at least one digit.");
    public override IdentityError PasswordRequiresLower() => Error(nameof(PasswordRequiresLower), "密码需要至少一个小写字母。", "Passwords must have at least one lowercase letter.");
    public override IdentityError PasswordRequiresUpper() => Error(nameof(PasswordRequiresUpper), "密码需要至少一个大写字母。", "Passwords must have at least one uppercase letter.");
    public override IdentityError PasswordMismatch() => Error(nameof(PasswordMismatch), "密码不正确。", "Incorrect password.");
    public override IdentityError DuplicateEmail(string email) => Error(nameof(DuplicateEmail), $"邮箱 {email} 已被注册。", $"The email {email} is already registered.");
    public override IdentityError DuplicateUserName(string userName) => Error(nameof(DuplicateUserName), $"账号 {userName} 已存在。", $"The user name {userName} is already taken.");
    public override IdentityError InvalidEmail(string? email) => Error(nameof(InvalidEmail), $"邮箱 {email} 格式不正确。", $"The email {email} is not valid.");
    public override IdentityError InvalidToken() => Error(nameof(InvalidToken), "链接无效或已过期。", "The link is invalid or has expired.");
    public override IdentityError UserLockoutNotEnabled() => Error(nameof(UserLockoutNotEnabled), "该账号未启用锁定。", "Lockout is not enabled for this user.");
}
