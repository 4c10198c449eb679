using System.Net;
using KuaishouSeller.Core.Identity;
using Microsoft.AspNetCore.Identity;

namespace KuaishouSeller.Web.Hosting.Mail;

/// <summary>
/// The account mails (Identity's confirmation and reset links, staff invitations), in both languages because the
/// recipient's choice is not known yet. Identity hands links over HTML-encoded; the text body gets them decoded.
/// </summary>
public sealed class AccountMails(AppMailer mailer) : IEmailSender<AppUser>
{
    public Task SendConfirmationLinkAsync(AppUser user, string email, string confirmationLink) =>
        SendLinkAsync(MailKind.AddressConfirmation, email, "请确认您的邮箱 / Confirm your email address",
            "点击下面的链接确认邮箱：", "Confirm your address with this link:", confirmationLink);

    public Task SendPasswordResetLinkAsync(AppUser user, string email, string resetLink) =>
        SendLinkAsync(MailKind.PasswordReset, email, "重置密码 / Reset your password",
            "点击下面的链接设置新密码（如果不是您本人操作，请忽略本邮件）：", "Set a new password with this link (ignore this mail if you did not ask for it):", resetLink);

    public Task SendPasswordResetCodeAsync(AppUser user, string email, string resetCode) =>
        mailer.SendAsync(new MailMessage(MailKind.PasswordResetCode, email, "重置密码验证码 / Password reset code",
            $"您的验证码 / Your code: {resetCode}", $"<p>您的验证码 / Your code: <b>{WebUtility.HtmlEncode(resetCode)}</b></p>"));

    public Task SendInvitationAsync(string email, string organisationName, string invitationLink) =>
        SendLinkAsync(MailKind.StaffInvitation, email, $"邀请您加入 {organisationName} / You are invited to {organisationName}",
            $"{organisationName} 邀请您加入商家后台，用此邮箱登录后打开链接：", $"{organisationName} invites you to its seller center; sign in with this address and open:",
            WebUtility.HtmlEncode(invitationLink));

    private Task SendLinkAsync(MailKind kind, string email, string subject, string zh, string en, string htmlEncodedLink)
    {
        var link = WebUtility.HtmlDecode(htmlEncodedLink);
        var text = $"{zh}\n{link}\n\n{en}\n{link}\n";
        var html = $"<p>{WebUtility.HtmlEncode(zh)}<br><a href=\"{htmlEncodedLink}\">{htmlEncodedLink}</a></p>" +
                   $"<p>{WebUtility.HtmlEncode(en)}<br><a href=\"{htmlEncodedLink}\">{htmlEncodedLink}</a></p>";
        return mailer.SendAsync(new MailMessage(kind, email, subject, text, html));
    }
}
