using MudBlazor;

namespace KuaishouSeller.Web.Components.Layout;

/// <summary>Kuaishou orange on neutral surfaces, with a CJK-friendly font stack.</summary>
public static class KsTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#FF5000",
            Secondary = "#FE3666",
            Tertiary = "#1E88E5",
            AppbarBackground = "#FFFFFF",
            AppbarText = "#1F1F1F",
            Background = "#F5F6F8",
            DrawerBackground = "#FFFFFF",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#FF7A3D",
            Secondary = "#FF5C85",
            Tertiary = "#64B5F6",
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
