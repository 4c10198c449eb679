using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace KuaishouSeller.Tests.Infrastructure;

/// <summary>Debian's Chromium driven by Playwright; Playwright never downloads a browser of its own.</summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly string[] Args =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? _playwright;
    public IBrowser Browser { get; private set; } = default!;

    /// <summary>Screenshots land here so a person can look at what the tests saw.</summary>
    public static string ScreenshotFolder { get; } =
        Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException($"{ExecutablePath} is missing: install Debian's chromium (bash .ci/run does).");
        // A busy CI machine renders a page in more than Playwright's default 5 s; the tests wait for states, so a longer
        // ceiling only costs time when something is really wrong.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Args,
        });
    }

    public async Task<IPage> NewPageAsync(string baseUrl, int width = 1366, int height = 860)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// Chooses a file on the page's (last) file input and waits until <paramref name="answer"/> shows. The input listens
    /// only once its script has run after the first render; under load a file chosen before that is never read, so it
    /// is chosen again (at most three times).
    /// </summary>
    public static async Task ChooseFileAsync(IPage page, FilePayload file, ILocator answer)
    {
        for (var attempt = 0; ; attempt++)
        {
            await page.Locator("input[type=file]").Last.SetInputFilesAsync(file);
            try
            {
                await answer.First.WaitForAsync(new() { Timeout = 10_000 });
                return;
            }
            catch (TimeoutException) when (attempt < 2) { }
        }
    }

    /// <summary>
    /// Waits until the page's address matches <paramref name="glob"/> (<c>**</c> any text, <c>*</c> any text within one
    /// path segment, everything else literal). <c>WaitForURLAsync</c> checks the address and then subscribes to the next
    /// navigation on another thread, so an in-page navigation landing between the two is lost and the wait times out
    /// with the right address shown (playwright-dotnet#3364); the address assertion polls the browser instead.
    /// </summary>
    public static Task ExpectAddressAsync(IPage page, string glob, float? timeout = null) =>
        Assertions.Expect(page).ToHaveURLAsync(AddressPattern(glob), new() { Timeout = timeout });

    /// <summary>The address is anything but <paramref name="path"/> (left the sign-in page, the registration form).</summary>
    public static Task ExpectLeftAsync(IPage page, string path) =>
        Assertions.Expect(page).Not.ToHaveURLAsync(new Regex(Regex.Escape(path)));

    private static Regex AddressPattern(string glob)
    {
        var pattern = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            if (glob[i] == '*' && i + 1 < glob.Length && glob[i + 1] == '*') { pattern.Append(".*"); i++; }
            else if (glob[i] == '*') pattern.Append("[^/]*");
            else pattern.Append(Regex.Escape(glob[i].ToString()));
        }
        return new Regex(pattern.Append('$').ToString());
    }

    /// <summary>Signs in through the real form and waits until the app has left the sign-in page.</summary>
    public static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("#Input\\.Email", email);
        await page.FillAsync("#Input\\.Password", password);
        await page.ClickAsync("[data-testid=login-submit]");
        await ExpectLeftAsync(page, "/Account/Login");
    }

    /// <summary>Collects script errors, failed requests and HTTP errors on the page; a flow must end with none.</summary>
    public static List<string> WatchProblems(IPage page)
    {
        var problems = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") problems.Add($"console: {message.Text}"); };
        page.PageError += (_, error) => problems.Add($"page error: {error}");
        // ERR_ABORTED is a request the browser cancelled itself (a navigation superseded by the next one, e.g. Blazor's
        // router taking over a click made while the circuit was starting): nothing failed for the user.
        page.RequestFailed += (_, request) =>
        {
            if (request.Failure?.Contains("ERR_ABORTED", StringComparison.Ordinal) != true) problems.Add($"request failed: {request.Url} {request.Failure}");
        };
        page.Response += (_, response) => { if (response.Status >= 400) problems.Add($"HTTP {response.Status}: {response.Url}"); };
        return problems;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
