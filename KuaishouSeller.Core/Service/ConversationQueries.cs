using System.Globalization;
using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Buyers;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Workspace;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Service;

public sealed record ConversationFilter(ConversationView View = ConversationView.Waiting, long? ShopId = null);

/// <summary>A row of the service list; the buyer appears masked, the text is the conversation's own.</summary>
public sealed record ConversationRow(long Id, long ShopId, string ShopName, long BuyerId, string BuyerNickname, string BuyerName,
    ConversationState State, string? AssignedUserId, string? AssignedName, DateTime StartedAt, DateTime? WaitingSince, DateTime LastActivityAt,
    string? Preview, DateTime? FirstRepliedAt, DateTime ReplyDueAt)
{
    /// <summary>Imported history: the platform's record of a chat without its messages.</summary>
    public bool IsHistory => Preview is null;
}

public sealed record MessageRow(long Id, bool FromBuyer, string? StaffName, string Text, DateTime At);

public sealed record ConversationDetail(ConversationRow Row, long MerchantId, IReadOnlyList<MessageRow> Messages, bool CanReply, bool CanReveal);

public sealed record ColleagueOption(string UserId, string Name);

public sealed record ServiceShop(long Id, string Name);

/// <summary>The merchant's quick phrases; editing them needs service.handle over all its shops (the list is shared).</summary>
public sealed record PhraseList(long MerchantId, IReadOnlyList<string> Phrases, bool CanEdit);

/// <summary>The conversations of the current workspace's shops the user may answer, in queue order, paged by keys.</summary>
public sealed class ConversationQueries(IDbContextFactory<AppDbContext> contexts, WorkspaceService workspaces, AccessService access)
{
    /// <summary>How many messages a conversation pane shows (the latest ones).</summary>
    public const int MessagesShown = 200;

    public async Task<IReadOnlyList<ServiceShop>> ShopsAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var shopIds = await (await workspaces.ResolveAsync(db, userId, ct)).ShopIdsAsync(db, Permission.CustomerService, ct);
        return await db.Shops.AsNoTracking().Where(s => shopIds.Contains(s.Id)).OrderBy(s => s.Id).Select(s => new ServiceShop(s.Id, s.Name)).ToListAsync(ct);
    }

    public async Task<PagedResult<ConversationRow>> ListAsync(string userId, ConversationFilter filter, PageRequest page, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var shopIds = await (await workspaces.ResolveAsync(db, userId, ct)).ShopIdsAsync(db, Permission.CustomerService, ct);
        if (filter.ShopId is { } only) shopIds = shopIds.Contains(only) ? [only] : [];
        var sessions = db.ChatSessions.AsNoTracking().Where(c => shopIds.Contains(c.ShopId));
        sessions = filter.View switch
        {
            ConversationView.Waiting => sessions.Where(c => c.State == ConversationState.Waiting),
            ConversationView.Mine => sessions.Where(c => c.AssignedUserId == userId && c.State != ConversationState.Closed),
            ConversationView.Closed => sessions.Where(c => c.State == ConversationState.Closed),
            _ => sessions,
        };
        var total = await sessions.CountAsync(ct);
        var cursor = Cursor.Parse(page.After);
        var keyed = cursor is { } k ? sessions.Where(c => c.QueueRank < k.Rank || (c.QueueRank == k.Rank && c.Id < k.Id)) : sessions;
        var ordered = keyed.OrderByDescending(c => c.QueueRank).ThenByDescending(c => c.Id);
        var rows = await Project(db, cursor is null ? ordered.Skip(page.Offset) : ordered).Take(page.Take + 1).ToListAsync(ct);
        var more = rows.Count > page.Take;
        if (more) rows.RemoveAt(rows.Count - 1);
        return new PagedResult<ConversationRow>(rows.Select(r => r.Row()).ToList(), total)
        {
            Next = more ? Cursor.Format(rows[^1].QueueRank, rows[^1].Id) : null,
        };
    }

    /// <summary>Conversations waiting for the shop in the workspace (the to-do panel).</summary>
    public async Task<int> WaitingCountAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var shopIds = await (await workspaces.ResolveAsync(db, userId, ct)).ShopIdsAsync(db, Permission.CustomerService, ct);
        return await db.ChatSessions.CountAsync(c => shopIds.Contains(c.ShopId) && c.State == ConversationState.Waiting, ct);
    }

    /// <summary>One conversation with its latest messages; null when missing or not the user's to answer (the same answer).</summary>
    public async Task<ConversationDetail?> DetailAsync(string userId, long conversationId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var actor = (await workspaces.ResolveAsync(db, userId, ct)).Actor;
        var row = await Project(db, db.ChatSessions.AsNoTracking().Where(c => c.Id == conversationId)).SingleOrDefaultAsync(ct);
        if (row is null || !actor.Can(Permission.CustomerService, row.MerchantId, ShopTarget.Shop(row.ShopId))) return null;
        var messages = await db.ChatMessages.AsNoTracking().Where(m => m.ChatSessionId == conversationId)
            .OrderByDescending(m => m.Id).Take(MessagesShown)
            .Select(m => new MessageRow(m.Id, m.FromBuyer, m.StaffName, m.Text, m.At)).ToListAsync(ct);
        messages.Reverse();
        return new ConversationDetail(row.Row(), row.MerchantId, messages, row.State != ConversationState.Closed,
            actor.Can(Permission.BuyerDataReveal, row.MerchantId, ShopTarget.Shop(row.ShopId)));
    }

    /// <summary>The colleagues the conversation can be handed to: whoever may answer buyers of its shop, the user excepted.</summary>
    public async Task<IReadOnlyList<ColleagueOption>> ColleaguesAsync(string userId, long conversationId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var actor = (await workspaces.ResolveAsync(db, userId, ct)).Actor;
        var shop = await (from c in db.ChatSessions where c.Id == conversationId join s in db.Shops on c.ShopId equals s.Id select new { s.Id, s.MerchantId })
            .SingleOrDefaultAsync(ct);
        if (shop is null || !actor.Can(Permission.CustomerService, shop.MerchantId, ShopTarget.Shop(shop.Id))) return [];
        var members = await db.Memberships.Where(m => m.OrganisationId == shop.MerchantId).Select(m => m.UserId)
            .Union(from a in db.DelegationAssignments join d in db.Delegations on a.DelegationId equals d.Id where d.MerchantId == shop.MerchantId select a.UserId)
            .Where(id => id != userId).ToListAsync(ct);
        // A merchant's staff is a handful of people: each one's rights are resolved exactly as Core checks them.
        var options = new List<ColleagueOption>();
        foreach (var member in members)
        {
            var colleague = await access.ResolveAsync(db, member, ct);
            if (colleague.Can(Permission.CustomerService, shop.MerchantId, ShopTarget.Shop(shop.Id)))
                options.Add(new ColleagueOption(member, colleague.DisplayName));
        }
        return options.OrderBy(o => o.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>The merchant's quick phrases (its own list, or the defaults until it has one), and whether the user may edit them.</summary>
    public async Task<PhraseList> PhrasesAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var scope = await workspaces.ResolveAsync(db, userId, ct);
        if (scope.Workspace is not { } w || !scope.Actor.CanInSomeShop(Permission.CustomerService, w.OrganisationId)) return new(0, [], false);
        var stored = await db.QuickPhrases.AsNoTracking().Where(p => p.MerchantId == w.OrganisationId).OrderBy(p => p.Position).Select(p => p.Text).ToListAsync(ct);
        return new(w.OrganisationId, stored.Count > 0 ? stored : ConversationRules.DefaultPhrases,
            scope.Actor.Can(Permission.CustomerService, w.OrganisationId, ShopTarget.AllShops));
    }

    private sealed class Raw
    {
        public long Id { get; init; }
        public long ShopId { get; init; }
        public long MerchantId { get; init; }
        public long BuyerId { get; init; }
        public long QueueRank { get; init; }
        public string ShopName { get; init; } = "";
        public string Nickname { get; init; } = "";
        public string Name { get; init; } = "";
        public ConversationState State { get; init; }
        public string? AssignedUserId { get; init; }
        public string? AssignedName { get; init; }
        public string? Preview { get; init; }
        public DateTime StartedAt { get; init; }
        public DateTime ReplyDueAt { get; init; }
        public DateTime? WaitingSince { get; init; }
        public DateTime? LastMessageAt { get; init; }
        public DateTime? FirstRepliedAt { get; init; }

        // The name leaves Core masked only.
        public ConversationRow Row() => new(Id, ShopId, ShopName, BuyerId, Nickname, BuyerMasking.Name(Name), State, AssignedUserId, AssignedName,
            StartedAt, WaitingSince, LastMessageAt ?? StartedAt, Preview, FirstRepliedAt, ReplyDueAt);
    }

    private static IQueryable<Raw> Project(AppDbContext db, IQueryable<Orders.ChatSession> sessions) =>
        from c in sessions
        join s in db.Shops on c.ShopId equals s.Id
        from b in db.Buyers.Where(b => b.Id == c.BuyerId).DefaultIfEmpty()
        select new Raw
        {
            Id = c.Id, ShopId = c.ShopId, MerchantId = s.MerchantId, BuyerId = c.BuyerId, QueueRank = c.QueueRank, ShopName = s.Name,
            Nickname = b == null ? "" : b.Nickname, Name = b == null ? "" : b.Name, State = c.State, AssignedUserId = c.AssignedUserId,
            AssignedName = c.AssignedName, Preview = c.LastMessagePreview, StartedAt = c.StartedAt, ReplyDueAt = c.ReplyDueAt,
            WaitingSince = c.WaitingSince, LastMessageAt = c.LastMessageAt, FirstRepliedAt = c.FirstRepliedAt,
        };

    /// <summary>The keyset cursor "rank:id" of the row after a page.</summary>
    private static class Cursor
    {
        public static string Format(long rank, long id) => string.Create(CultureInfo.InvariantCulture, $"{rank}:{id}");

        public static (long Rank, long Id)? Parse(string? value)
        {
            var parts = value?.Split(':');
            return parts is [var r, var i] && long.TryParse(r, CultureInfo.InvariantCulture, out var rank) && long.TryParse(i, CultureInfo.InvariantCulture, out var id)
                ? (rank, id) : null;
        }
    }
}
