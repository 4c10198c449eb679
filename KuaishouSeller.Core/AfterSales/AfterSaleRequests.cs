using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.AfterSales;

/// <summary>
/// A buyer's after-sale request handed in by a caller with rights (the storefront's integration key): the order must
/// be in a shop where the caller holds aftersales.handle (another organisation's order looks missing); the request
/// itself is the buyer side's <see cref="AfterSaleCommands.RequestAsync"/>.
/// </summary>
public sealed class AfterSaleRequests(IDbContextFactory<AppDbContext> contexts, AccessService access, AfterSaleCommands commands)
{
    public async Task<long> RequestAsync(string userId, AfterSaleRequest request, CancellationToken ct = default)
    {
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            var order = await db.Orders.AsNoTracking().Where(o => o.Id == request.OrderId).Select(o => new { o.MerchantId, o.ShopId }).FirstOrDefaultAsync(ct)
                        ?? throw UnknownOrder();
            var actor = await access.ResolveAsync(db, userId, ct);
            await access.RequireAsync(actor, Permission.AfterSalesHandle, order.MerchantId, ShopTarget.Shop(order.ShopId), AfterSaleActions.Requested, ct, UnknownOrder());
        }
        return await commands.RequestAsync(request, ct);
    }

    private static NotFoundException UnknownOrder() => NotFoundException.Of("订单", "order");
}
