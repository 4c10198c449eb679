using KuaishouSeller.Core.Buyers;

namespace KuaishouSeller.Core.DemoWorld;

/// <summary>Buyers 1…N of the demo world: plausible names, mobile numbers and addresses, the same for the same seed.</summary>
internal static class DemoBuyers
{
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高"];
    private static readonly string[] Given = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "秀英", "晓燕", "子涵", "雨桐", "浩然", "欣怡", "梓轩"];
    private static readonly string[] Prefixes = ["138", "139", "150", "151", "158", "186", "187", "135", "136", "177", "199", "131"];
    private static readonly string[] Regions =
    [
        "浙江省杭州市西湖区", "浙江省杭州市余杭区", "浙江省宁波市鄞州区", "江苏省南京市鼓楼区", "江苏省苏州市工业园区", "上海市浦东新区",
        "上海市徐汇区", "北京市朝阳区", "北京市海淀区", "广东省广州市天河区", "广东省深圳市南山区", "四川省成都市武侯区",
        "湖北省武汉市洪山区", "福建省福州市鼓楼区", "山东省青岛市市南区", "河南省郑州市金水区", "湖南省长沙市岳麓区", "陕西省西安市雁塔区",
    ];
    private static readonly string[] Roads = ["文三路", "学院路", "人民路", "中山路", "解放路", "建设路", "长江路", "和平路", "新华路", "延安路"];
    private static readonly string[] Nicknames = ["爱喝茶的", "快乐的", "小小", "阿", "追光的", "不吃香菜的", "早睡的", "宅家的"];
    private static readonly string[] NickTails = ["猫", "鱼", "兔子", "星星", "豆豆", "橘子", "团子", "小熊"];

    public static IEnumerable<Buyer> Generate(int count, int seed)
    {
        var rng = new Random(seed ^ 0x5EED);
        for (var id = 1; id <= count; id++)
        {
            yield return new Buyer
            {
                Id = id,
                Nickname = $"{Nicknames[rng.Next(Nicknames.Length)]}{NickTails[rng.Next(NickTails.Length)]}{id % 1000:D3}",
                Name = Surnames[rng.Next(Surnames.Length)] + Given[rng.Next(Given.Length)],
                Phone = Prefixes[rng.Next(Prefixes.Length)] + rng.Next(0, 100_000_000).ToString("D8"),
                Region = Regions[rng.Next(Regions.Length)],
                Street = $"{Roads[rng.Next(Roads.Length)]}{1 + rng.Next(999)}号{1 + rng.Next(30)}幢{101 + rng.Next(20) * 100 + rng.Next(8)}室",
            };
        }
    }
}
