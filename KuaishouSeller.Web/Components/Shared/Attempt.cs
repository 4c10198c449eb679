using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Common;
using MudBlazor;

namespace KuaishouSeller.Web.Components.Shared;

/// <summary>Runs a command from the UI: Core's refusals (bad input, no right) become a message, never a broken page.</summary>
public static class Attempt
{
    public static async Task<bool> RunAsync(ISnackbar snackbar, Func<Task> command, string? done = null)
    {
        try
        {
            await command();
            if (done is not null) snackbar.Add(done, Severity.Success);
            return true;
        }
        catch (UserFacingException e)
        {
            snackbar.Add(e.UserMessage.ToString(), Severity.Error);
        }
        return false;
    }
}
