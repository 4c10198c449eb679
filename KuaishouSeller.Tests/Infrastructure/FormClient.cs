using System.Net;
using System.Text.RegularExpressions;

namespace KuaishouSeller.Tests.Infrastructure;

/// <summary>Submits the server-rendered Identity forms the way a browser without JavaScript would.</summary>
public static partial class FormClient
{
    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string pageUrl, string formName, IDictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(pageUrl);
        Assert.True(AntiforgeryToken().IsMatch(page), $"No antiforgery token on {pageUrl}");
        // Like a browser: the page's hidden fields (antiforgery token, codes, return URLs) go along.
        var form = HiddenField().Matches(page)
            .GroupBy(m => WebUtility.HtmlDecode(m.Groups[1].Value))
            .ToDictionary(g => g.Key, g => WebUtility.HtmlDecode(g.First().Groups[2].Value));
        foreach (var (name, value) in fields) form[name] = value;
        form["_handler"] = formName;
        return await client.PostAsync(pageUrl, new FormUrlEncodedContent(form));
    }

    public static Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password) =>
        SubmitAsync(client, "/Account/Login", "login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.RememberMe"] = "false",
        });

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")]
    private static partial Regex HiddenField();
}
