using MailKit.Security;

namespace KuaishouSeller.Web.Hosting.Mail;

/// <summary>
/// The <c>Mail</c> configuration section. With <see cref="Host"/> set, mail goes out over SMTP; with
/// <see cref="PickupDirectory"/> set (the default in Development), each message is written there as an .eml file
/// instead, which a developer opens in a mail client and tests read links from.
/// </summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    public string? Host { get; set; }
    public int Port { get; set; } = 587;

    /// <summary>StartTls (587), SslOnConnect (465), Auto, or None (a local relay only).</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTls;

    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "快手商家后台 KuaishouSeller <no-reply@kuaishou-seller.local>";

    /// <summary>Where .eml files go when no SMTP server is used; relative paths are under the content root.</summary>
    public string? PickupDirectory { get; set; }
}
