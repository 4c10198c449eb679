using System.Linq.Expressions;
using KuaishouSeller.Core.Common;

namespace KuaishouSeller.Core.Inventory;

/// <summary>
/// The pool's quantities, each named once. Every query and every conditional update reads these, so "available" on a
/// page, in a rule check and in the UPDATE that reserves the last unit are the same number.
/// </summary>
public static class StockRules
{
    /// <summary>What can still be sold anywhere: on hand less reserved and campaign-locked units.</summary>
    public static readonly Expression<Func<StockItem, int>> AvailableExpression = s => s.OnHand - s.Reserved - s.CampaignLocked;

    /// <summary>What every shop without its own quota sells from: available less the shops' quotas.</summary>
    public static readonly Expression<Func<StockItem, int>> SharedAvailableExpression = s => s.OnHand - s.Reserved - s.CampaignLocked - s.QuotaAllocated;

    /// <summary>The low-stock rule (matches the partial index that holds only such SKUs).</summary>
    public static readonly Expression<Func<StockItem, bool>> IsLowExpression = s => s.OnHand - s.Reserved - s.CampaignLocked <= s.LowStockThreshold;

    /// <summary>Sold out: nothing left to sell anywhere (the tag on every list, the summary's count).</summary>
    public static readonly Expression<Func<StockItem, bool>> IsSoldOutExpression = s => s.OnHand - s.Reserved - s.CampaignLocked <= 0;

    /// <summary>What a shipment of orders holding reservations can take: units both reserved and on hand.</summary>
    public static readonly Expression<Func<StockItem, int>> ReservedOnHandExpression = s => s.Reserved < s.OnHand ? s.Reserved : s.OnHand;

    private static readonly Func<StockItem, int> AvailableOf = AvailableExpression.Compile();
    private static readonly Func<StockItem, int> SharedAvailableOf = SharedAvailableExpression.Compile();
    private static readonly Func<StockItem, bool> IsLowOf = IsLowExpression.Compile();
    private static readonly Func<StockItem, int> ReservedOnHandOf = ReservedOnHandExpression.Compile();
    private static readonly Func<StockItem, bool> IsSoldOutOf = IsSoldOutExpression.Compile();

    // In memory these evaluate the expressions above; inside a query (after WithRules) they become the expressions.
    [RuleExpression(nameof(AvailableExpression))]
    public static int Available(StockItem s) => AvailableOf(s);

    [RuleExpression(nameof(SharedAvailableExpression))]
    public static int SharedAvailable(StockItem s) => SharedAvailableOf(s);

    [RuleExpression(nameof(IsLowExpression))]
    public static bool IsLow(StockItem s) => IsLowOf(s);

    [RuleExpression(nameof(IsSoldOutExpression))]
    public static bool IsSoldOut(StockItem s) => IsSoldOutOf(s);

    /// <summary>The same rule on an available figure already read (a product card, a list row).</summary>
    public static bool IsSoldOut(int available) => available <= 0;

    [RuleExpression(nameof(ReservedOnHandExpression))]
    public static int ReservedOnHand(StockItem s) => ReservedOnHandOf(s);

    /// <summary>The one tag every list shows beside available stock: sold out before low, so 0 units never reads "low".</summary>
    public static StockLevel LevelOf(int available, bool isLow) => IsSoldOut(available) ? StockLevel.SoldOut : isLow ? StockLevel.Low : StockLevel.InStock;

    /// <summary>A movement that takes available stock from above the low threshold to it or below: what stock.low announces, once per crossing.</summary>
    public static bool CrossesLow(int availableBefore, int availableAfter, int threshold) => availableBefore > threshold && availableAfter <= threshold;

    /// <summary>What a ledger movement does to available stock.</summary>
    public static int AvailableDelta(StockLedgerEntry entry) => entry.OnHandDelta - entry.ReservedDelta - entry.LockedDelta;

    /// <summary>Pool rows that can give <paramref name="quantity"/> units from the shared part: the guard of every reservation and lock.</summary>
    public static IQueryable<StockItem> WithSharedAvailableAtLeast(this IQueryable<StockItem> items, int quantity) =>
        items.Where(s => SharedAvailable(s) >= quantity).WithRules();

    /// <summary>Pool rows that can ship <paramref name="quantity"/> reserved units: the guard of every shipment of reserved orders.</summary>
    public static IQueryable<StockItem> WithReservedOnHandAtLeast(this IQueryable<StockItem> items, int quantity) =>
        items.Where(s => ReservedOnHand(s) >= quantity).WithRules();
}

/// <summary>How a SKU's available stock reads in a list (see <see cref="StockRules.LevelOf"/>).</summary>
public enum StockLevel
{
    InStock,
    Low,
    SoldOut,
}
