using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Auditing;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Organisations;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Scores;
using KuaishouSeller.Core.Service;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Tests.Service;

/// <summary>Buyer conversations: the first reply is the response time the 3-minute indicator reads, hand-over and close, refusals.</summary>
public sealed class ConversationTests
{
    private static ConversationService Service(SeededWorld world) => world.Services.Get<ConversationService>();
    private static ConversationQueries Views(SeededWorld world) => world.Services.Get<ConversationQueries>();

    /// <summary>A buyer with no open conversation in the shop (so the message starts a new one).</summary>
    private static async Task<long> QuietBuyerAsync(SeededWorld world, long shop, int skip = 0)
    {
        await using var db = world.Db();
        var busy = db.ChatSessions.Where(c => c.ShopId == shop && c.State != ConversationState.Closed).Select(c => c.BuyerId);
        return await db.Buyers.Where(b => !busy.Contains(b.Id)).OrderByDescending(b => b.Id).Skip(skip).Select(b => b.Id).FirstAsync();
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_first_reply_records_the_response_time_once_and_a_late_one_shows_in_the_reply_indicator(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var service = Service(world);
        var shop = world.Shops[0];
        var colleague = await world.Services.UserIdAsync("service@demo.ks");
        var day = ShanghaiTime.Today(world.Clock);
        await world.Services.Scores.RecomputeAsync(day, [shop]);
        var before = (await world.Services.ScoreViews.PageAsync(world.Owner, ScoreSubject.Shop, shop, day))!.Measures;

        // Answered after 50 seconds: on time. The buyer writes again and gets a second answer minutes later: still 50.
        var onTime = await service.ReceiveBuyerMessageAsync(shop, await QuietBuyerAsync(world, shop), "你好，在吗？");
        world.Clock.Advance(TimeSpan.FromSeconds(50));
        await service.ReplyAsync(colleague, onTime, "亲，在的～");
        world.Clock.Advance(TimeSpan.FromMinutes(2));
        await service.ReceiveBuyerMessageAsync(shop, (await ChatAsync(world, onTime)).BuyerId, "什么时候发货？");
        Assert.Equal(ConversationState.Waiting, (await ChatAsync(world, onTime)).State);
        world.Clock.Advance(TimeSpan.FromMinutes(5));
        await service.ReplyAsync(world.Owner, onTime, "已为您加急发货");
        var chat = await ChatAsync(world, onTime);
        Assert.Equal(50, chat.FirstResponseSeconds);
        Assert.Equal(chat.StartedAt.AddSeconds(50), chat.FirstRepliedAt);
        Assert.Equal(ConversationState.Answered, chat.State);
        Assert.Equal("赵客服", chat.AssignedName); // the first replier keeps it
        await using (var db = world.Db())
            Assert.Equal(4, await db.ChatMessages.CountAsync(m => m.ChatSessionId == onTime));

        // First answered after four minutes: late.
        var late = await service.ReceiveBuyerMessageAsync(shop, await QuietBuyerAsync(world, shop), "收到的东西有点问题");
        world.Clock.Advance(TimeSpan.FromMinutes(4));
        await service.ReplyAsync(colleague, late, "非常抱歉，马上为您处理。");
        Assert.Equal(240, (await ChatAsync(world, late)).FirstResponseSeconds);

        await world.Services.Scores.RecomputeAsync(day, [shop]);
        var after = (await world.Services.ScoreViews.PageAsync(world.Owner, ScoreSubject.Shop, shop, day))!.Measures;
        var (b, a) = (before[IndicatorCatalog.ChatReply3minRate], after[IndicatorCatalog.ChatReply3minRate]);
        Assert.Equal((1, 2), (a.Numerator - b.Numerator, a.Denominator - b.Denominator));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Hand_over_goes_only_to_a_colleague_who_may_answer_that_shop(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var service = Service(world);
        var (shop, other) = (world.Shops[0], world.Shops[1]);
        var colleague = await world.Services.UserIdAsync("service@demo.ks");
        var operatorId = await world.Services.UserIdAsync("operator@demo.ks");
        // Someone who answers buyers of the second shop only.
        string onlyOther;
        await using (var db = world.Db())
        {
            var user = new KuaishouSeller.Core.Identity.AppUser { UserName = "cs2@test.ks", Email = "cs2@test.ks", DisplayName = "钱客服" };
            db.Users.Add(user);
            var membership = new Membership { UserId = user.Id, OrganisationId = world.Merchant, RoleId = BuiltInRoles.CustomerService, AllShops = false };
            db.Memberships.Add(membership);
            await db.SaveChangesAsync();
            db.MembershipShops.Add(new MembershipShop { MembershipId = membership.Id, ShopId = other });
            await db.SaveChangesAsync();
            onlyOther = user.Id;
        }
        var id = await service.ReceiveBuyerMessageAsync(shop, await QuietBuyerAsync(world, shop), "在吗");

        var options = await Views(world).ColleaguesAsync(world.Owner, id);
        Assert.Contains(options, o => o.UserId == colleague);
        Assert.DoesNotContain(options, o => o.UserId == operatorId || o.UserId == onlyOther);
        foreach (var refused in new[] { operatorId, onlyOther, "no-such-user" })
        {
            var e = await Assert.ThrowsAsync<DomainException>(() => service.HandOverAsync(world.Owner, id, refused));
            Assert.Contains("未转交", e.UserMessage.Zh);
            Assert.Contains("not handed over", e.UserMessage.En);
        }
        Assert.Null((await ChatAsync(world, id)).AssignedUserId);

        await service.HandOverAsync(world.Owner, id, colleague);
        Assert.Equal((colleague, "赵客服"), ((await ChatAsync(world, id)).AssignedUserId, (await ChatAsync(world, id)).AssignedName));
        var mine = await Views(world).ListAsync(colleague, new ConversationFilter(ConversationView.Mine), new PageRequest(0, 200));
        Assert.Contains(mine.Rows, r => r.Id == id);
        // The operator cannot answer buyers, so cannot pass a conversation on either.
        await Assert.ThrowsAsync<AccessDeniedException>(() => service.HandOverAsync(operatorId, id, colleague));
        // The second shop's colleague takes a conversation of that shop.
        var theirs = await service.ReceiveBuyerMessageAsync(other, await QuietBuyerAsync(world, other), "在吗");
        await service.HandOverAsync(world.Owner, theirs, onlyOther);
        Assert.Equal("钱客服", (await ChatAsync(world, theirs)).AssignedName);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Closed_empty_too_long_and_foreign_replies_are_refused_and_the_log_keeps_no_words(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var service = Service(world);
        var shop = world.Shops[0];
        var buyer = await QuietBuyerAsync(world, shop);
        var id = await service.ReceiveBuyerMessageAsync(shop, buyer, "在吗");
        await service.ReplyAsync(world.Owner, id, "亲，在的～ 机密回复");

        var empty = await Assert.ThrowsAsync<DomainException>(() => service.ReplyAsync(world.Owner, id, "   "));
        Assert.Equal(("消息内容不能为空，未发送。", "The message is empty; nothing was sent."), (empty.UserMessage.Zh, empty.UserMessage.En));
        var tooLong = await Assert.ThrowsAsync<DomainException>(() => service.ReplyAsync(world.Owner, id, new string('好', ConversationRules.MaxMessageLength + 1)));
        Assert.Contains($"最多 {ConversationRules.MaxMessageLength} 字", tooLong.UserMessage.Zh);
        Assert.Contains($"at most {ConversationRules.MaxMessageLength} characters", tooLong.UserMessage.En);

        // Another merchant's conversation reads exactly like a missing one.
        long foreign;
        await using (var db = world.Db())
            foreign = await (from c in db.ChatSessions join s in db.Shops on c.ShopId equals s.Id
                             where s.MerchantId != world.Merchant && c.State == ConversationState.Waiting select c.Id).FirstAsync();
        var missing = await Assert.ThrowsAsync<NotFoundException>(() => service.ReplyAsync(world.Owner, 999_999_999, "你好"));
        var other = await Assert.ThrowsAsync<NotFoundException>(() => service.ReplyAsync(world.Owner, foreign, "你好"));
        Assert.Equal(missing.UserMessage, other.UserMessage);
        Assert.Null(await Views(world).DetailAsync(world.Owner, foreign));

        await service.CloseAsync(world.Owner, id);
        var closed = await Assert.ThrowsAsync<ConflictException>(() => service.ReplyAsync(world.Owner, id, "还在吗"));
        Assert.Contains("王老板", closed.UserMessage.Zh);
        Assert.Contains("already closed by 王老板", closed.UserMessage.En);
        await Assert.ThrowsAsync<ConflictException>(() => service.CloseAsync(world.Owner, id));
        // The buyer's next message starts a new conversation, with its own 3 minutes.
        var again = await service.ReceiveBuyerMessageAsync(shop, buyer, "我又来了");
        Assert.NotEqual(id, again);
        Assert.Equal(ConversationState.Waiting, (await ChatAsync(world, again)).State);

        await using (var db = world.Db())
        {
            var entries = await db.AuditLog.Where(a => a.EntityType == "Conversation" && a.EntityId == id.ToString()).ToListAsync();
            Assert.Equal([AuditActions.ServiceReplied, AuditActions.ServiceClosed], entries.OrderBy(e => e.Id).Select(e => e.Action));
            Assert.All(entries, e => Assert.DoesNotContain("机密", (e.Subject ?? "") + e.Before + e.After));
            var sentence = new AuditRow(entries[0].Id, entries[0].At, entries[0].ActorName, entries[0].Action, entries[0].EntityType, entries[0].EntityId,
                null, null, null, entries[0].Before, entries[0].After, entries[0].Subject).Sentence;
            Assert.Equal($"王老板 回复了会话 #{id}", sentence.Zh);
            Assert.Equal($"王老板 replied to conversation #{id}", sentence.En);
        }
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_list_shows_waiting_conversations_first_longest_waiting_first_and_pages_by_keys(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var views = Views(world);
        var all = new List<ConversationRow>();
        string? after = null;
        do
        {
            var page = await views.ListAsync(world.Owner, new ConversationFilter(ConversationView.All, world.Shops[0]), new PageRequest(0, 7, after));
            all.AddRange(page.Rows);
            after = page.Next;
            if (all.Count > 60) break;
        } while (after is not null);
        Assert.Equal(all.Count, all.Select(r => r.Id).Distinct().Count());
        var waiting = all.TakeWhile(r => r.State == ConversationState.Waiting).ToList();
        Assert.True(waiting.Count >= 3);
        Assert.DoesNotContain(all.Skip(waiting.Count), r => r.State == ConversationState.Waiting);
        Assert.Equal(waiting.Select(r => r.WaitingSince).Order(), waiting.Select(r => r.WaitingSince));
        // The buyer is masked in the list.
        Assert.All(all.Where(r => r.BuyerName.Length > 1), r => Assert.EndsWith("*", r.BuyerName));
        var waitingOnly = await views.ListAsync(world.Owner, new ConversationFilter(ConversationView.Waiting, world.Shops[0]), new PageRequest(0, 50));
        Assert.Equal(waiting.Select(r => r.Id), waitingOnly.Rows.Select(r => r.Id));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Quick_phrases_start_from_the_defaults_and_only_someone_over_every_shop_changes_them(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var (service, views) = (Service(world), Views(world));
        var colleague = await world.Services.UserIdAsync("service@demo.ks");
        var operatorId = await world.Services.UserIdAsync("operator@demo.ks");
        await world.Services.Workspaces.SwitchAsync(colleague, world.Merchant, null);

        var start = await views.PhrasesAsync(colleague);
        Assert.Equal(ConversationRules.DefaultPhrases, start.Phrases);
        Assert.True(start.CanEdit);
        Assert.Contains(start.Phrases, p => p.StartsWith("亲，在的～"));

        await service.AddPhraseAsync(colleague, world.Merchant, "  亲，周末也正常发货哦～ ");
        await service.RemovePhraseAsync(colleague, world.Merchant, ConversationRules.DefaultPhrases[^1]);
        var changed = (await views.PhrasesAsync(world.Owner)).Phrases;
        Assert.Equal([.. ConversationRules.DefaultPhrases.SkipLast(1), "亲，周末也正常发货哦～"], changed);
        var duplicate = await Assert.ThrowsAsync<DomainException>(() => service.AddPhraseAsync(colleague, world.Merchant, "亲，周末也正常发货哦～"));
        Assert.Equal("That quick phrase is already in the list.", duplicate.UserMessage.En);

        // The operator cannot answer buyers: no phrases to change, no replies; both refusals are in the log.
        await Assert.ThrowsAsync<AccessDeniedException>(() => service.AddPhraseAsync(operatorId, world.Merchant, "随便"));
        var id = await service.ReceiveBuyerMessageAsync(world.Shops[0], await QuietBuyerAsync(world, world.Shops[0]), "在吗");
        await Assert.ThrowsAsync<AccessDeniedException>(() => service.ReplyAsync(operatorId, id, "在的"));
        await using var db = world.Db();
        Assert.Equal(2, await db.AuditLog.CountAsync(a => a.Action == AuditActions.AccessDenied && a.ActorUserId == operatorId && a.EntityId == "service.handle"));
        Assert.Equal(ConversationState.Waiting, (await ChatAsync(world, id)).State);
    }

    private static async Task<KuaishouSeller.Core.Orders.ChatSession> ChatAsync(SeededWorld world, long id)
    {
        await using var db = world.Db();
        return await db.ChatSessions.AsNoTracking().SingleAsync(c => c.Id == id);
    }
}
