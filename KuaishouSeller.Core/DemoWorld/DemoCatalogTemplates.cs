namespace KuaishouSeller.Core.DemoWorld;

/// <summary>Category tree and product name material for believable Chinese catalogs.</summary>
internal static class DemoCatalogTemplates
{
    public sealed record Leaf(string Code, string NameZh, string NameEn, string ParentCode, string[] Products, string[][] Attributes, long MinPriceFen, long MaxPriceFen, int WeightGrams);

    public static readonly (string Code, string Zh, string En)[] Parents =
    [
        ("food", "食品饮料", "Food & drink"),
        ("apparel", "服饰鞋包", "Apparel"),
        ("fresh", "生鲜", "Fresh produce"),
        ("beauty", "美妆个护", "Beauty & care"),
    ];

    public static readonly Leaf[] Leaves =
    [
        new("tea", "茶叶", "Tea", "food",
            ["明前龙井", "安溪铁观音", "武夷大红袍", "云南普洱熟茶", "福鼎白茶饼", "正山小种", "信阳毛尖", "碧螺春", "茉莉花茶", "黄山毛峰"],
            [["规格:100g", "规格:250g", "规格:500g", "规格:礼盒装"]], 3_900, 89_900, 300),
        new("snacks", "休闲零食", "Snacks", "food",
            ["每日坚果", "手撕牛肉干", "柳州螺蛳粉", "麻辣鸭脖", "芒果干", "海苔脆", "蛋黄酥", "猪肉脯"],
            [["规格:单袋", "规格:6袋装", "规格:12袋装", "规格:家庭装"]], 990, 12_900, 400),
        new("womenswear", "女装", "Womenswear", "apparel",
            ["羊毛双面大衣", "高腰阔腿裤", "真丝衬衫", "针织开衫", "连衣裙", "羽绒服", "卫衣"],
            [["颜色:黑", "颜色:米白", "颜色:燕麦", "颜色:雾霾蓝"], ["尺码:S", "尺码:M", "尺码:L", "尺码:XL"]], 5_900, 129_900, 600),
        new("menswear", "男装", "Menswear", "apparel",
            ["纯棉圆领T恤", "商务休闲夹克", "直筒牛仔裤", "冲锋衣", "Polo衫", "加绒卫裤"],
            [["颜色:黑", "颜色:藏青", "颜色:灰"], ["尺码:M", "尺码:L", "尺码:XL", "尺码:XXL"]], 4_900, 69_900, 600),
        new("fruit", "水果", "Fruit", "fresh",
            ["赣南脐橙", "阿克苏冰糖心苹果", "海南贵妃芒", "丹东草莓", "砂糖橘", "猕猴桃", "库尔勒香梨", "四川丑橘"],
            [["规格:3斤", "规格:5斤", "规格:10斤"]], 1_990, 12_990, 2_500),
        new("skincare", "护肤", "Skincare", "beauty",
            ["玻尿酸补水面膜", "氨基酸洗面奶", "烟酰胺精华", "防晒霜SPF50", "修护面霜", "卸妆油"],
            [["规格:试用装", "规格:正装", "规格:两支装"]], 2_900, 39_900, 200),
    ];

    public static readonly string[] MerchantNames =
    [
        "山野茶坊", "北纬服饰", "鲜果时光", "川味零食铺", "花间美妆", "江南丝语", "果园直发", "草原牧歌", "晨光优选", "茶马古道",
        "布衣坊", "海岛鲜生", "悦颜堂", "一口香", "锦绣华服", "岭南佳果", "清泉茗茶", "都市衣橱", "小镇零嘴", "水润肌",
    ];

    /// <summary>Which leaf categories a merchant sells, by the merchant's position.</summary>
    public static string[] CategoriesFor(int merchantIndex) => (merchantIndex % 6) switch
    {
        0 => ["tea"],
        1 => ["womenswear", "menswear"],
        2 => ["fruit"],
        3 => ["snacks", "tea"],
        4 => ["skincare"],
        _ => ["womenswear"],
    };

    public static readonly string[] ShopSuffixes = ["官方旗舰店", "直播专营店", "品牌店", "源头工厂店", "优选店"];

    public static readonly string[] CreatorNames =
    [
        "辛选小美", "乡村阿强", "穿搭一姐", "吃货老王", "茶艺师小林", "美妆小鹿", "水果哥", "宝妈严选",
    ];
}
