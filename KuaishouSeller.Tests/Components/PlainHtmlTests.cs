using KuaishouSeller.Web.Components.Shared;

namespace KuaishouSeller.Tests.Components;

/// <summary>Plain table cells are one markup string, so every text in them must arrive as text, never as markup.</summary>
public class PlainHtmlTests
{
    [Fact]
    public void A_product_title_with_markup_is_shown_as_text()
    {
        var cell = PlainHtml.E("<img src=x onerror=alert(1)> \"新品\" & 'hot'");
        Assert.DoesNotContain("<", cell);
        Assert.DoesNotContain("\"", cell);
        Assert.DoesNotContain("'", cell);
        Assert.Equal("&lt;img src=x onerror=alert(1)&gt; &quot;新品&quot; &amp; &#39;hot&#39;", cell);
    }

    [Fact]
    public void Chinese_text_stays_readable_and_null_is_empty()
    {
        Assert.Equal("快手小店 618 号", PlainHtml.E("快手小店 618 号"));
        Assert.Equal("", PlainHtml.E(null));
    }
}
