using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Identity;
using KuaishouSeller.Core.Organisations;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Service;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.DemoWorld;

/// <summary>
/// This morning's buyer conversations in every shop, written through the same Core methods buyer messages and replies
/// use: some waiting a few minutes, some past the 3-minute reply deadline, some answered, some closed. Also the first
/// merchant's customer-service colleague (赵客服), who answers them.
/// </summary>
internal static class DemoConversations
{
    public const string ServiceEmail = "service@demo.ks", ServiceName = "赵客服";

    private static readonly string[] Questions =
    [
        "你好，在吗？", "请问什么时候发货？", "这个有现货吗？", "能便宜一点吗？", "我的快递怎么还没到？", "可以开发票吗？",
        "颜色可以换一个吗？", "收到的东西有点问题", "地址填错了，能改一下吗？", "直播间说的优惠券怎么领？",
    ];
    private static readonly string[] FollowUps = ["好的，谢谢", "那麻烦尽快哈", "嗯嗯", "还有别的颜色吗？"];

    /// <summary>(minutes ago the chat started, what the shop did): waiting, overdue, answered on time, answered late, closed.</summary>
    private static readonly (int MinutesAgo, string Kind)[] Plan =
    [
        (1, "waiting"), (2, "waiting"), (7, "waiting"), (26, "waiting"), (45, "answered"), (70, "answered-late"), (95, "follow-up"), (150, "closed"),
    ];

    public static async Task SeedAsync(AppDbContext db, DemoWorldGenerator world, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        now = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        var todayStart = ShanghaiTime.StartOfDayUtc(ShanghaiTime.Today(clock));
        var service = await AddServiceColleagueAsync(db, world.MerchantIds[0], todayStart, ct);
        var buyers = await db.Buyers.CountAsync(ct);
        if (buyers == 0) return;
        var shopIndex = 0;
        foreach (var shop in world.Shops)
        {
            shopIndex++;
            // The first merchant's colleague answers its shops; the other merchants' replies are the demo world's own.
            var (staffId, staffName) = shop.MerchantId == world.MerchantIds[0] ? (service.Id, ServiceName) : ("system:DemoWorld", "店铺客服");
            for (var i = 0; i < Plan.Length; i++)
            {
                var (minutesAgo, kind) = Plan[i];
                // Within today (a seed just after midnight keeps its chats in the new day).
                var started = Max(now.AddMinutes(-minutesAgo - shopIndex % 3), todayStart.AddSeconds(i + 1));
                var buyerId = 1 + (shopIndex * 7919 + i * 104_729) % buyers;
                var question = Questions[(shopIndex + i) % Questions.Length];
                var id = await ConversationService.ReceiveInAsync(db, shop.Id, buyerId, question, started, ct);
                switch (kind)
                {
                    case "answered":
                        await ConversationService.RecordReplyAsync(db, id, started, staffId, staffName, ConversationRules.DefaultPhrases[0], Min(started.AddSeconds(40), now), ct);
                        break;
                    case "answered-late":
                        await ConversationService.RecordReplyAsync(db, id, started, staffId, staffName, ConversationRules.DefaultPhrases[3], Min(started.AddMinutes(6), now), ct);
                        break;
                    case "follow-up":
                        await ConversationService.RecordReplyAsync(db, id, started, staffId, staffName, ConversationRules.DefaultPhrases[0], Min(started.AddSeconds(25), now), ct);
                        await ConversationService.ReceiveInAsync(db, shop.Id, buyerId, FollowUps[i % FollowUps.Length], Min(started.AddMinutes(2), now), ct);
                        await ConversationService.RecordReplyAsync(db, id, started, staffId, staffName, ConversationRules.DefaultPhrases[1], Min(started.AddMinutes(3), now), ct);
                        await ConversationService.ReceiveInAsync(db, shop.Id, buyerId, FollowUps[(i + 1) % FollowUps.Length], Min(started.AddMinutes(5), now), ct);
                        break;
                    case "closed":
                        await ConversationService.RecordReplyAsync(db, id, started, staffId, staffName, ConversationRules.DefaultPhrases[2], Min(started.AddMinutes(1), now), ct);
                        await ConversationService.ReceiveInAsync(db, shop.Id, buyerId, FollowUps[0], Min(started.AddMinutes(3), now), ct);
                        var closedAt = Min(started.AddMinutes(10), now);
                        await db.ChatSessions.Where(c => c.Id == id).ExecuteUpdateAsync(c => c
                            .SetProperty(x => x.State, ConversationState.Closed).SetProperty(x => x.WaitingSince, (DateTime?)null)
                            .SetProperty(x => x.ClosedAt, closedAt).SetProperty(x => x.ClosedBy, staffName)
                            .SetProperty(x => x.QueueRank, ConversationRules.QueueRank(ConversationState.Closed, null, Min(started.AddMinutes(3), now))), ct);
                        break;
                }
            }
        }
        db.ChangeTracker.Clear();
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;
    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    /// <summary>The customer-service login: the built-in 客服 role over every shop of the first merchant.</summary>
    private static async Task<AppUser> AddServiceColleagueAsync(AppDbContext db, long merchantId, DateTime todayStart, CancellationToken ct)
    {
        var user = new AppUser
        {
            UserName = ServiceEmail, NormalizedUserName = ServiceEmail.ToUpperInvariant(), Email = ServiceEmail, NormalizedEmail = ServiceEmail.ToUpperInvariant(),
            EmailConfirmed = true, DisplayName = ServiceName, LockoutEnabled = true,
            SecurityStamp = Guid.NewGuid().ToString("N"), ConcurrencyStamp = Guid.NewGuid().ToString(),
        };
        user.PasswordHash = new PasswordHasher<AppUser>().HashPassword(user, DemoWorldSeeder.DemoPassword);
        db.Users.Add(user);
        db.Memberships.Add(new Membership { UserId = user.Id, OrganisationId = merchantId, RoleId = BuiltInRoles.CustomerService, AllShops = true, CreatedAt = todayStart });
        await db.SaveChangesAsync(ct);
        return user;
    }
}
