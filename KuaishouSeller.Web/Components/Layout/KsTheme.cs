using MudBlazor;

namespace KuaishouSeller.Web.Components.Layout;

/// <summary>
/// Kuaishou orange on neutral surfaces, with a CJK-friendly font stack. Every colour that carries text meets WCAG AA
/// (4.5:1) in both themes: Kuaishou's #FF5000 is only 3.3:1 against white, so the light theme uses a deeper orange
/// (#C43C00: 5.3:1 on white, 4.9:1 on the selected navigation row) and MudBlazor's status colours are darkened the same
/// way (its default green 2.2:1, warning 2.2:1). The dark theme keeps the bright hues, which pass on its dark surfaces,
/// and puts dark text on them, since white on #FF7A3D is 2.7:1. The logo keeps the brand orange: it is a picture.
/// </summary>
public static class KsTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#C43C00",
            Secondary = "#C4123F",
            Tertiary = "#1565C0",
            Info = "#1565C0",
            Success = "#2E7D32",
            Warning = "#A35200",
            Error = "#C62828",
            TextSecondary = "#5F6064",
            AppbarBackground = "#FFFFFF",
            AppbarText = "#1F1F1F",
            Background = "#F5F6F8",
            DrawerBackground = "#FFFFFF",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#FF7A3D",
            PrimaryContrastText = "#101014",
            Secondary = "#FF5C85",
            SecondaryContrastText = "#101014",
            Tertiary = "#64B5F6",
            TertiaryContrastText = "#101014",
            Info = "#5CAEFF",
            InfoContrastText = "#101014",
            Success = "#0BBA83",
            SuccessContrastText = "#101014",
            Warning = "#FFA800",
            WarningContrastText = "#101014",
            Error = "#FF6B7C",
            ErrorContrastText = "#101014",
            TextSecondary = "rgba(255,255,255,0.70)",
            AppbarBackground = "#1E1E24",
            Background = "#16161B",
            DrawerBackground = "#1E1E24",
            Surface = "#22222A",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["-apple-system", "BlinkMacSystemFont", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Helvetica Neue", "Arial", "sans-serif"],
            },
        },
    };
}
