using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace KuaishouSeller.Web.Hosting.Mail;

/// <summary>What a mail is for; the log names the kind, never the content.</summary>
public enum MailKind { AddressConfirmation, PasswordReset, PasswordResetCode, StaffInvitation }

/// <summary>One message: plain text and HTML bodies carry the same content.</summary>
public sealed record MailMessage(MailKind Kind, string To, string Subject, string Text, string Html);

/// <summary>
/// Sends the app's mail over SMTP (MailKit), or writes it to the pickup folder. Mails carry one-time links that are as
/// good as a password, so the log gets only the kind and a masked address: whoever reads the log cannot follow them.
/// </summary>
public sealed class AppMailer(IOptions<MailOptions> options, IHostEnvironment environment, ILogger<AppMailer> logger)
{
    private readonly MailOptions _options = options.Value;

    /// <summary>Null when mail goes out over SMTP.</summary>
    public string? PickupDirectory => string.IsNullOrWhiteSpace(_options.Host) ? Path.GetFullPath(string.IsNullOrWhiteSpace(_options.PickupDirectory) ? "mail-pickup" : _options.PickupDirectory, environment.ContentRootPath) : null;

    public async Task SendAsync(MailMessage mail, CancellationToken ct = default)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(_options.From));
        message.To.Add(MailboxAddress.Parse(mail.To));
        message.Subject = mail.Subject;
        message.Body = new BodyBuilder { TextBody = mail.Text, HtmlBody = mail.Html }.ToMessageBody();

        if (PickupDirectory is { } folder)
        {
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.eml");
            await message.WriteToAsync(path, ct);
        }
        else
        {
            using var smtp = new SmtpClient();
            await smtp.ConnectAsync(_options.Host!, _options.Port, _options.Security, ct);
            if (!string.IsNullOrEmpty(_options.UserName))
                await smtp.AuthenticateAsync(_options.UserName, _options.Password ?? "", ct);
            await smtp.SendAsync(message, ct);
            await smtp.DisconnectAsync(quit: true, ct);
        }
        logger.LogInformation("Sent a {Kind} mail to {Address}", mail.Kind, Mask(mail.To));
    }

    /// <summary>"owner@demo.ks" → "o***@demo.ks": enough for an operator to tell mails apart, not to read an address book.</summary>
    public static string Mask(string address)
    {
        var at = address.LastIndexOf('@');
        return at <= 0 ? "***" : $"{address[0]}***{address[at..]}";
    }

    /// <summary>Says once at start-up where mail goes, and warns when a production node would not really send any.</summary>
    public void LogDestination(bool isDevelopment)
    {
        if (PickupDirectory is null)
            logger.LogInformation("Mail goes out over SMTP through {Host}:{Port} ({Security})", _options.Host, _options.Port, _options.Security);
        else if (isDevelopment || !string.IsNullOrWhiteSpace(_options.PickupDirectory))
            logger.LogInformation("Mail is written as .eml files to {Folder}", PickupDirectory);
        else
            logger.LogWarning("No mail server is configured (Mail:Host): confirmation, password-reset and invitation mails are only written to {Folder} and reach nobody", PickupDirectory);
    }
}
