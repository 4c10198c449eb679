using System.Diagnostics;

namespace KuaishouSeller.Tests.Reliability;

/// <summary>
/// The app as an operator deploys it: `dotnet publish` of this build (once per test run, from the build the tests run
/// on), and of the previous release from git (the commit before the ClusteredJobs migrations), for the upgrade test.
/// </summary>
public static class PublishedApp
{
    /// <summary>main's last commit before this release's migrations (ClusteredJobs).</summary>
    public const string PreviousRelease = "887bdb3";

    private static readonly Lazy<Task<string>> Current = new(PublishCurrentAsync);
    private static readonly Lazy<Task<string>> Previous = new(PublishPreviousAsync);

    /// <summary>The folder holding this build, published.</summary>
    public static Task<string> CurrentAsync() => Current.Value;

    /// <summary>The folder holding the previous release, built from git and published.</summary>
    public static Task<string> PreviousAsync() => Previous.Value;

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "KuaishouSeller.sln"))) return dir.FullName;
            throw new InvalidOperationException("The repository (KuaishouSeller.sln) is not above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>Release or Debug: the configuration the tests were built in, so publishing reuses that build.</summary>
    private static string Configuration =>
        AppContext.BaseDirectory.Split(Path.DirectorySeparatorChar).Contains("Release") ? "Release" : "Debug";

    private static async Task<string> PublishCurrentAsync()
    {
        var output = Path.Combine(Path.GetTempPath(), "ks-published", Guid.NewGuid().ToString("N")[..8]);
        var stopwatch = Stopwatch.StartNew();
        await RunAsync("dotnet", RepositoryRoot, TimeSpan.FromMinutes(5),
            "publish", Path.Combine(RepositoryRoot, "KuaishouSeller.Web", "KuaishouSeller.Web.csproj"), "-c", Configuration, "--no-build", "-o", output);
        Console.WriteLine($"Published this build in {stopwatch.Elapsed.TotalSeconds:0.0} s");
        return output;
    }

    /// <summary>
    /// `git archive` of the previous release into a temp folder, then `dotnet publish` of its web project (restored from
    /// the same package versions). Kept per commit under the temp folder: the commit never changes, so a second test run
    /// on the same machine reuses it; a clean CI machine builds it once.
    /// </summary>
    private static async Task<string> PublishPreviousAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), $"ks-release-{PreviousRelease}");
        var app = Path.Combine(root, "app");
        var done = Path.Combine(root, "published.ok");
        if (File.Exists(done)) return app;
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        var source = Path.Combine(root, "src");
        Directory.CreateDirectory(source);
        var stopwatch = Stopwatch.StartNew();
        var archive = Path.Combine(root, "source.tar");
        await RunAsync("git", RepositoryRoot, TimeSpan.FromMinutes(2), "archive", "--format=tar", "-o", archive, PreviousRelease);
        await RunAsync("tar", root, TimeSpan.FromMinutes(2), "-xf", archive, "-C", source);
        await RunAsync("dotnet", source, TimeSpan.FromMinutes(10),
            "publish", Path.Combine(source, "KuaishouSeller.Web", "KuaishouSeller.Web.csproj"), "-c", "Release", "-o", app, "-p:TreatWarningsAsErrors=false");
        await File.WriteAllTextAsync(done, $"{PreviousRelease} published in {stopwatch.Elapsed.TotalSeconds:0} s");
        Console.WriteLine($"Built and published release {PreviousRelease} in {stopwatch.Elapsed.TotalSeconds:0.0} s");
        return app;
    }

    private static async Task RunAsync(string file, string folder, TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cts.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"`{file} {string.Join(' ', args)}` failed ({process.ExitCode}):\n{await stdout}\n{await stderr}" +
                (file == "git" ? $"\nThe upgrade test needs the commit {PreviousRelease} in the clone (a shallow clone lacks it: git fetch --unshallow)." : ""));
    }
}
