using KuaishouSeller.Core.Identity;
using Microsoft.AspNetCore.Identity;

namespace KuaishouSeller.Web.Components.Account;

/// <summary>
/// No mail server is configured in this deployment: account e-mails (confirmation, password reset)
/// are written to the log, where an operator can pass the link on. Replace with an SMTP or SMS sender
/// when one is available.
/// </summary>
internal sealed class LoggingEmailSender(ILogger<LoggingEmailSender> logger) : IEmailSender<AppUser>
{
    public Task SendConfirmationLinkAsync(AppUser user, string email, string confirmationLink)
    {
        logger.LogInformation("Account e-mail to {Email}: confirm the address with {Link}", email, confirmationLink);
        return Task.CompletedTask;
    }

    public Task SendPasswordResetLinkAsync(AppUser user, string email, string resetLink)
    {
        logger.LogInformation("Account e-mail to {Email}: reset the password with {Link}", email, resetLink);
        return Task.CompletedTask;
    }

    public Task SendPasswordResetCodeAsync(AppUser user, string email, string resetCode)
    {
        logger.LogInformation("Account e-mail to {Email}: password reset code issued", email);
        return Task.CompletedTask;
    }
}
