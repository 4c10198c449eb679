using KuaishouSeller.Core.Catalog;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Inventory;
using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Organisations;

namespace KuaishouSeller.Core.DemoWorld;

/// <summary>
/// Builds the organisations, catalog and stock of a demo world in memory, deterministically from the
/// seed and the day. Orders come separately from <see cref="OrderStream"/> because they are too many to hold.
/// </summary>
internal sealed class DemoWorldGenerator
{
    private readonly DemoWorldPlan _plan;
    private readonly Random _rng;
    private readonly DateTime _todayStartUtc;

    public DemoWorldGenerator(DemoWorldPlan plan, int seed, DateTime todayStartUtc)
    {
        _plan = plan;
        _rng = new Random(seed);
        _todayStartUtc = todayStartUtc;
        Build();
    }

    public Random Random => _rng;
    public List<Category> Categories { get; } = [];
    public List<Organisation> Organisations { get; } = [];
    public List<Shop> Shops { get; } = [];
    public List<SellingAccount> Accounts { get; } = [];
    public List<Spu> Spus { get; } = [];
    public List<Sku> Skus { get; } = [];
    public List<Listing> Listings { get; } = [];
    public List<StockItem> Stock { get; } = [];
    public List<StockLedgerEntry> Ledger { get; } = [];
    public List<ShopProfile> ShopProfiles { get; } = [];
    public List<CreatorProfile> Creators { get; } = [];
    public long AgencyId { get; private set; }
    public long PlatformId { get; private set; }
    public IReadOnlyList<long> MerchantIds => Organisations.Where(o => o.Kind == OrganisationKind.Merchant).Select(o => o.Id).ToList();

    private void Build()
    {
        var categoryIds = BuildCategories();
        var created = _todayStartUtc.AddDays(-_plan.Days - 365);

        long orgId = 0, shopId = 0, accountId = 0;
        var shopsPerMerchant = Enumerable.Range(0, _plan.Merchants)
            .Select(m => _plan.Shops / _plan.Merchants + (m < _plan.Shops % _plan.Merchants ? 1 : 0)).ToArray();
        var skusPerShop = (double)_plan.Skus / _plan.Shops;

        for (var m = 0; m < _plan.Merchants; m++)
        {
            var merchantName = DemoCatalogTemplates.MerchantNames[m % DemoCatalogTemplates.MerchantNames.Length]
                               + (m >= DemoCatalogTemplates.MerchantNames.Length ? $"{m / DemoCatalogTemplates.MerchantNames.Length + 1}" : "");
            var merchant = new Organisation { Id = ++orgId, Name = merchantName, Kind = OrganisationKind.Merchant, CreatedAt = created };
            Organisations.Add(merchant);
            var leaves = DemoCatalogTemplates.CategoriesFor(m);
            var skuQuota = (int)Math.Round(skusPerShop * shopsPerMerchant[m]);
            var merchantSkus = BuildCatalog(merchant, m, leaves, categoryIds, skuQuota, created);

            for (var s = 0; s < shopsPerMerchant[m]; s++)
            {
                // One shop of the third merchant opened recently: the cold-start (斗金) case.
                var opened = m == 2 && s == shopsPerMerchant[m] - 1
                    ? _todayStartUtc.AddDays(-40)
                    : created.AddDays(_rng.Next(0, 300));
                var shop = new Shop
                {
                    Id = ++shopId,
                    MerchantId = merchant.Id,
                    Name = merchantName + DemoCatalogTemplates.ShopSuffixes[s % DemoCatalogTemplates.ShopSuffixes.Length],
                    MainCategoryId = categoryIds[leaves[0]],
                    OpenedAt = opened,
                    Status = ShopStatus.Open,
                };
                Shops.Add(shop);
                var liveRooms = new List<long>();
                for (var a = 0; a < 1 + (s == 0 ? 1 : 0); a++)
                {
                    var account = new SellingAccount
                    {
                        Id = ++accountId,
                        OrganisationId = merchant.Id,
                        ShopId = shop.Id,
                        Kind = SellingAccountKind.ShopLiveRoom,
                        Nickname = a == 0 ? shop.Name + "直播间" : merchantName + "好物分享",
                        KuaishouId = $"ks{shop.Id:D4}{a}",
                        Followers = (long)(20_000 * Math.Pow(10, _rng.NextDouble() * 2)),
                    };
                    Accounts.Add(account);
                    liveRooms.Add(account.Id);
                }
                ShopProfiles.Add(BuildShopProfile(shop, merchantSkus, liveRooms, isWeak: m == 1 && s == shopsPerMerchant[m] - 1));
            }
        }

        for (var c = 0; c < _plan.Creators; c++)
        {
            var name = DemoCatalogTemplates.CreatorNames[c % DemoCatalogTemplates.CreatorNames.Length]
                       + (c >= DemoCatalogTemplates.CreatorNames.Length ? $"{c / DemoCatalogTemplates.CreatorNames.Length + 1}" : "");
            var creator = new Organisation { Id = ++orgId, Name = name, Kind = OrganisationKind.Creator, CreatedAt = created };
            Organisations.Add(creator);
            var account = new SellingAccount
            {
                Id = ++accountId,
                OrganisationId = creator.Id,
                Kind = SellingAccountKind.CreatorAccount,
                Nickname = name,
                KuaishouId = $"kc{creator.Id:D5}",
                Followers = (long)(100_000 * Math.Pow(10, _rng.NextDouble() * 2.5)),
            };
            Accounts.Add(account);
            Creators.Add(new CreatorProfile(creator.Id, account.Id, 0.10 + _rng.Next(0, 5) * 0.05, 0.6 + _rng.NextDouble() * 0.38));
        }

        AgencyId = ++orgId;
        Organisations.Add(new Organisation { Id = AgencyId, Name = "星火代运营", Kind = OrganisationKind.Agency, CreatedAt = created });
        PlatformId = ++orgId;
        Organisations.Add(new Organisation { Id = PlatformId, Name = "快手电商平台", Kind = OrganisationKind.Platform, CreatedAt = created });
    }

    private Dictionary<string, long> BuildCategories()
    {
        long id = 0;
        var ids = new Dictionary<string, long>();
        foreach (var (code, zh, en) in DemoCatalogTemplates.Parents)
        {
            Categories.Add(new Category { Id = ++id, Code = code, NameZh = zh, NameEn = en });
            ids[code] = id;
        }
        foreach (var leaf in DemoCatalogTemplates.Leaves)
        {
            Categories.Add(new Category { Id = ++id, Code = leaf.Code, NameZh = leaf.NameZh, NameEn = leaf.NameEn, ParentId = ids[leaf.ParentCode] });
            ids[leaf.Code] = id;
        }
        return ids;
    }

    private static readonly string[] Grades = ["", "特级", "高端", "经典", "臻选", "家庭装", "新品", "限定"];

    private List<Sku> BuildCatalog(Organisation merchant, int merchantIndex, string[] leafCodes, Dictionary<string, long> categoryIds, int skuQuota, DateTime created)
    {
        var skus = new List<Sku>(skuQuota);
        var spuSeq = 0;
        while (skus.Count < skuQuota)
        {
            var leaf = DemoCatalogTemplates.Leaves.First(l => l.Code == leafCodes[spuSeq % leafCodes.Length]);
            var product = leaf.Products[spuSeq / leafCodes.Length % leaf.Products.Length];
            var round = spuSeq / (leafCodes.Length * leaf.Products.Length);
            var grade = Grades[round % Grades.Length];
            var spu = new Spu
            {
                Id = Spus.Count + 1,
                MerchantId = merchant.Id,
                CategoryId = categoryIds[leaf.Code],
                Code = $"M{merchantIndex + 1:D2}P{++spuSeq:D6}",
                Title = $"{merchant.Name} {grade}{product}" + (round >= Grades.Length ? $" {round / Grades.Length + 1}代" : ""),
                Brand = merchant.Name,
                CreatedAt = created.AddDays(_rng.Next(0, 200)),
            };
            Spus.Add(spu);

            var basePrice = leaf.MinPriceFen + (long)(_rng.NextDouble() * (leaf.MaxPriceFen - leaf.MinPriceFen));
            var variants = Combine(leaf.Attributes);
            var take = Math.Min(variants.Count, Math.Min(skuQuota - skus.Count, 2 + _rng.Next(0, 5)));
            for (var v = 0; v < take; v++)
            {
                var price = PriceEnding(basePrice + basePrice * v / 5);
                var sku = new Sku
                {
                    Id = Skus.Count + 1,
                    SpuId = spu.Id,
                    MerchantId = merchant.Id,
                    Code = $"{spu.Code}-{v + 1}",
                    Attributes = variants[v],
                    Barcode = $"69{merchantIndex + 1:D2}{Skus.Count + 1:D9}",
                    CostFen = price * (45 + _rng.Next(0, 20)) / 100,
                    ListPriceFen = price,
                    WeightGrams = leaf.WeightGrams + _rng.Next(0, leaf.WeightGrams / 2 + 1),
                    ImageUrl = $"/img/sku/{Skus.Count + 1}.svg",
                };
                Skus.Add(sku);
                skus.Add(sku);

                // Mostly healthy stock, some low and some sold out, so low-stock views have something to show.
                var roll = _rng.NextDouble();
                var onHand = roll < 0.05 ? 0 : roll < 0.15 ? _rng.Next(1, 20) : _rng.Next(50, 3000);
                Stock.Add(new StockItem { SkuId = sku.Id, MerchantId = merchant.Id, OnHand = onHand, LowStockThreshold = 20 });
                Ledger.Add(new StockLedgerEntry
                {
                    Id = Ledger.Count + 1,
                    SkuId = sku.Id,
                    MerchantId = merchant.Id,
                    Kind = StockMovementKind.Receipt,
                    OnHandDelta = onHand,
                    Actor = "system",
                    Reason = "",
                    Reference = "demo-world",
                    At = _todayStartUtc.AddDays(-_plan.Days - 1),
                });
            }
        }
        return skus;
    }

    private ShopProfile BuildShopProfile(Shop shop, List<Sku> merchantSkus, List<long> liveRooms, bool isWeak)
    {
        var firstShopOfMerchant = Shops.Count(s => s.MerchantId == shop.MerchantId) == 1;
        var listed = new List<(long ListingId, long SkuId, long PriceFen)>();
        foreach (var sku in merchantSkus)
        {
            if (!firstShopOfMerchant && _rng.NextDouble() > 0.6) continue;
            var price = PriceEnding((long)(sku.ListPriceFen * (0.9 + _rng.NextDouble() * 0.2)));
            var listing = new Listing
            {
                Id = Listings.Count + 1,
                ShopId = shop.Id,
                SkuId = sku.Id,
                Title = Spus[(int)sku.SpuId - 1].Title.Replace(Spus[(int)sku.SpuId - 1].Brand + " ", "") + " " + sku.Attributes.Replace(";", " ").Split(':').Last(),
                PriceFen = price,
                OnShelf = _rng.NextDouble() > 0.03,
                ListedAt = shop.OpenedAt,
            };
            Listings.Add(listing);
            listed.Add((listing.Id, sku.Id, price));
        }
        // Spread of quality so the scores differ: one clearly weak shop, the rest good to excellent.
        var quality = isWeak ? 0.55 : 0.8 + _rng.NextDouble() * 0.18;
        var weight = 0.5 + _rng.NextDouble() * 1.5;
        double[] channelMix = [0.25 + _rng.NextDouble() * 0.2, 0.05 + _rng.NextDouble() * 0.1, 0.2 + _rng.NextDouble() * 0.2, 0.2 + _rng.NextDouble() * 0.15];
        return new ShopProfile(shop, listed.ToArray(), liveRooms.ToArray(), quality, weight, Normalize(channelMix));
    }

    private static List<string> Combine(string[][] attributes)
    {
        IEnumerable<string> combos = [""];
        foreach (var values in attributes)
            combos = combos.SelectMany(prefix => values.Select(v => prefix.Length == 0 ? v : prefix + ";" + v));
        return combos.ToList();
    }

    /// <summary>Prices end in .9 or 9.9 as shop prices do.</summary>
    private static long PriceEnding(long fen) => Math.Max(90, fen / 100 * 100 - 10);

    private static double[] Normalize(double[] weights)
    {
        var sum = weights.Sum();
        return weights.Select(w => w / sum).ToArray();
    }
}

internal sealed record ShopProfile(
    Shop Shop,
    (long ListingId, long SkuId, long PriceFen)[] Listings,
    long[] LiveRooms,
    double Quality,
    double Weight,
    double[] ChannelMix);

internal sealed record CreatorProfile(long OrganisationId, long AccountId, double CommissionRate, double Quality);
