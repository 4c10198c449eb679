using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Common;

namespace KuaishouSeller.Core.Auditing;

/// <summary>
/// An audit entry as a sentence in the reader's language, from its codes and structured values: "王老板 把
/// M01P000014-2 特级云南普洱熟茶 250g 的预警阈值从 20 改为 5". The log stores data; only this class words it.
/// </summary>
public static class AuditText
{
    private delegate Bilingual Sentence(string who, string what, Values before, Values after);

    /// <summary>A stored before/after value by name; missing names read as empty.</summary>
    public sealed class Values(IReadOnlyDictionary<string, string> values)
    {
        public string this[string name] => values.TryGetValue(name, out var v) ? v : "";
        public bool Has(string name) => values.TryGetValue(name, out var v) && v.Length > 0;
        public IEnumerable<string> Names => values.Keys;
        public string Money(string name) => long.TryParse(this[name], out var fen) ? Common.Money.Format(fen) : this[name];
    }

    private static readonly Dictionary<string, Sentence> Sentences = new()
    {
        [AuditActions.SignedIn] = (w, _, _, a) => a.Has("secondFactor") ? new($"{w} 输入了正确的密码，等待第二步验证", $"{w} entered the right password; the second factor is pending") : new($"{w} 登录", $"{w} signed in"),
        [AuditActions.SignInFailed] = (w, _, _, _) => new($"{w} 登录失败（密码错误）", $"{w} failed to sign in (wrong password)"),
        [AuditActions.LockedOut] = (w, _, _, _) => new($"{w} 因多次输错密码被暂时锁定", $"{w} was locked out after repeated wrong passwords"),
        [AuditActions.SignedOut] = (w, _, _, _) => new($"{w} 退出登录", $"{w} signed out"),
        [AuditActions.Registered] = (w, _, _, _) => new($"{w} 注册了账号", $"{w} registered an account"),
        [AuditActions.WorkspaceSwitched] = (w, x, _, _) => new($"{w} 切换到工作台「{x}」", $"{w} switched to the workspace {x}"),
        [AuditActions.WorkspaceFavourite] = (w, x, _, _) => new($"{w} 收藏了工作台「{x}」", $"{w} changed the favourite workspace {x}"),

        [AuditActions.StaffInvited] = (w, x, _, a) => new($"{w} 邀请 {x} 以「{a["roleZh"]}」加入", $"{w} invited {x} as {a["roleEn"]}"),
        [AuditActions.StaffJoined] = (w, _, _, a) => new($"{w} 接受邀请，以「{a["roleZh"]}」加入", $"{w} accepted the invitation and joined as {a["roleEn"]}"),
        [AuditActions.StaffChanged] = (w, x, b, a) => new($"{w} 把 {x} 的角色从「{b["roleZh"]}」改为「{a["roleZh"]}」{ShopsZh(a)}", $"{w} changed {x}'s role from {b["roleEn"]} to {a["roleEn"]}{ShopsEn(a)}"),
        [AuditActions.StaffRemoved] = (w, x, b, _) => new($"{w} 移除了成员 {x}（{b["roleZh"]}）", $"{w} removed the member {x} ({b["roleEn"]})"),
        [AuditActions.RoleCreated] = (w, x, _, a) => new($"{w} 新建角色「{x}」", $"{w} created the role {x}"),
        [AuditActions.RoleChanged] = (w, x, _, a) => new($"{w} 修改了角色「{x}」的权限", $"{w} changed the rights of the role {x}"),

        [AuditActions.DelegationRequested] = (w, x, _, _) => new($"{w} 申请代运营授权（{x}）", $"{w} asked for delegated access ({x})"),
        [AuditActions.DelegationAccepted] = (w, x, _, a) => new($"{w} 接受了授权申请（{x}），有效至 {a["lastDay"]}", $"{w} accepted the delegation ({x}) until {a["lastDay"]}"),
        [AuditActions.DelegationRejected] = (w, x, _, a) => new($"{w} 拒绝了授权申请（{x}）{Reason(a)}", $"{w} rejected the delegation ({x}){Reason(a)}"),
        [AuditActions.DelegationRevoked] = (w, x, _, _) => new($"{w} 撤销了授权（{x}）", $"{w} revoked the delegation ({x})"),
        [AuditActions.DelegationStaffAssigned] = (w, x, _, a) => new($"{w} 为授权（{x}）指派员工：{Or(a["staff"], "无")}", $"{w} assigned staff to the delegation ({x}): {Or(a["staff"], "nobody")}"),
        [AuditActions.ApiKeyCreated] = (w, x, _, a) => new($"{w} 创建了 API 密钥「{x}」（{a["permissions"]}）", $"{w} created the API key {x} ({a["permissions"]})"),
        [AuditActions.ApiKeyRevoked] = (w, x, _, _) => new($"{w} 吊销了 API 密钥「{x}」", $"{w} revoked the API key {x}"),
        [Webhooks.WebhookActions.Created] = (w, x, _, a) => new($"{w} 创建了 Webhook 订阅「{x}」（{a["events"]}）", $"{w} created the webhook subscription {x} ({a["events"]})"),
        [Webhooks.WebhookActions.Disabled] = (w, x, _, _) => new($"{w} 停用了 Webhook 订阅「{x}」", $"{w} disabled the webhook subscription {x}"),
        [Webhooks.WebhookActions.Enabled] = (w, x, _, _) => new($"{w} 启用了 Webhook 订阅「{x}」", $"{w} enabled the webhook subscription {x}"),
        [Webhooks.WebhookActions.Deleted] = (w, x, _, _) => new($"{w} 删除了 Webhook 订阅「{x}」", $"{w} deleted the webhook subscription {x}"),
        [Webhooks.WebhookActions.Replayed] = (w, x, _, a) => new($"{w} 向「{x}」重发了事件 {a["eventId"]}", $"{w} sent event {a["eventId"]} again to {x}"),
        [Webhooks.WebhookActions.AutoDisabled] = (w, x, _, a) => new($"连续失败 {a["failures"]} 次，Webhook 订阅「{x}」已自动停用", $"The webhook subscription {x} was disabled after {a["failures"]} failures in a row"),

        [AuditActions.StockAdjusted] = (w, x, b, a) => new($"{w} 把 {x} 的实物库存从 {b["onHand"]} 调整为 {a["onHand"]}{Reason(a)}", $"{w} adjusted on-hand stock of {x} from {b["onHand"]} to {a["onHand"]}{Reason(a)}"),
        [AuditActions.StockQuotaMoved] = (w, x, b, a) => new($"{w} 把 {x} 的 {a["quantity"]} 件配额从{Place(b["from"], true)}调到{Place(a["to"], true)}{Reason(a)}",
            $"{w} moved {a["quantity"]} units of {x} quota from {Place(b["from"], false)} to {Place(a["to"], false)}{Reason(a)}"),
        [AuditActions.StockThresholdSet] = (w, x, b, a) => new($"{w} 把 {x} 的预警阈值从 {b["threshold"]} 改为 {a["threshold"]}", $"{w} changed the low-stock threshold of {x} from {b["threshold"]} to {a["threshold"]}"),
        [AuditActions.SkuEdited] = (w, x, b, a) => new($"{w} 修改了 {x}：{Changes(b, a, true)}", $"{w} edited {x}: {Changes(b, a, false)}"),
        [AuditActions.ListingEdited] = (w, x, b, a) => new($"{w} 修改了商品卡「{x}」：{Changes(b, a, true)}", $"{w} edited the product card {x}: {Changes(b, a, false)}"),

        [AuditActions.ImportCatalog] = (w, x, _, a) => new($"{w} 导入商品文件 {x}：{a["rows"]} 行，{a["changed"]} 处变更", $"{w} imported the catalog file {x}: {a["rows"]} rows, {a["changed"]} changes"),
        [AuditActions.ImportPrices] = (w, x, _, a) => new($"{w} 导入价格文件 {x}：{a["rows"]} 行，{a["changed"]} 处变更", $"{w} imported the price file {x}: {a["rows"]} rows, {a["changed"]} changes"),
        [AuditActions.ImportStock] = (w, x, _, a) => new($"{w} 导入库存文件 {x}（{(a["mode"] == "SetOnHand" ? "盘点" : "入库")}）：{a["rows"]} 行，{a["changed"]} 处变更",
            $"{w} imported the stock file {x} ({(a["mode"] == "SetOnHand" ? "stocktake" : "receipt")}): {a["rows"]} rows, {a["changed"]} changes"),
        [AuditActions.ImportShipments] = (w, x, _, a) => new($"{w} 导入发货文件 {x}：{a["rows"]} 行，发货 {a["shipped"]} 单", $"{w} imported the shipping file {x}: {a["rows"]} rows, {a["shipped"]} orders shipped"),
        [AuditActions.OrderShipped] = (w, x, _, a) => new($"{w} 发货了订单 {x}（{a["carrier"]} {a["waybill"]}）", $"{w} shipped the order {x} ({a["carrier"]} {a["waybill"]})"),
        [AuditActions.OrderCancelled] = (w, x, _, a) => new($"{w} 取消了订单 {x}{Reason(a)}", $"{w} cancelled the order {x}{Reason(a)}"),

        [AuditActions.PlanTargetSet] = (w, x, b, a) => new($"{w} 把「{x}」{a["month"]} 的目标设为 GMV {a.Money("gmvTargetFen")}、{a["ordersTarget"]} 单{(b.Has("gmvTargetFen") ? $"（原为 {b.Money("gmvTargetFen")}、{b["ordersTarget"]} 单）" : "")}",
            $"{w} set the {a["month"]} target of {x} to GMV {a.Money("gmvTargetFen")} and {a["ordersTarget"]} orders{(b.Has("gmvTargetFen") ? $" (was {b.Money("gmvTargetFen")} and {b["ordersTarget"]})" : "")}"),
        [AuditActions.ProgrammeEnrolled] = (w, x, _, _) => new($"{w} 为「{x}」报名加入川流计划", $"{w} enrolled {x} in the Chuanliu programme"),
        [AuditActions.RulebookPublished] = (w, x, b, a) => new($"{w} 发布了 {x} 评分规则第 {a["version"]} 版（原第 {b["version"]} 版）", $"{w} published version {a["version"]} of the {x} rulebook (was {b["version"]})"),
        [AuditActions.ScoresRecomputeRequested] = (w, x, _, _) => new($"{w} 请求重新计算「{Or(x, "全部")}」的评分", $"{w} asked to recompute the scores of {Or(x, "everything")}"),

        [AuditActions.CampaignDraftStarted] = (w, x, _, _) => new($"{w} 开始报名「{x}」", $"{w} started a registration for {x}"),
        [AuditActions.CampaignDraftEdited] = (w, x, _, a) => new($"{w} 把「{x}」的活动价设为 {a.Money("campaignPriceFen")}，承诺库存 {a["committedStock"]} 件", $"{w} set {x} to a campaign price of {a.Money("campaignPriceFen")} with {a["committedStock"]} units committed"),
        [AuditActions.CampaignRowsAdded] = (w, x, _, a) => new($"{w} 向报名「{x}」添加了 {a["rows"]} 个商品", $"{w} added {English.Count(a["rows"], "product")} to the registration {x}"),
        [AuditActions.CampaignRowsRemoved] = (w, x, _, a) => new($"{w} 从报名草稿中移除了 {a["rows"]} 个商品", $"{w} removed {English.Count(a["rows"], "product")} from the draft"),
        [AuditActions.CampaignSubmitted] = (w, x, _, _) => new($"{w} 提交了「{x}」的活动报名", $"{w} submitted {x} for the campaign"),
        [AuditActions.CampaignReviewStarted] = (w, x, _, _) => new($"{w} 开始审核「{x}」的报名", $"{w} started reviewing {x}"),
        [AuditActions.CampaignApproved] = (w, x, _, a) => new($"{w} 通过了「{x}」的报名{(a.Has("locked") ? $"，锁定库存 {a["locked"]} 件" : "")}", $"{w} approved {x}{(a.Has("locked") ? $", locking {a["locked"]} units" : "")}"),
        [AuditActions.CampaignRejected] = (w, x, _, a) => new($"{w} 驳回了「{x}」的报名{Reason(a)}", $"{w} rejected {x}{Reason(a)}"),
        [AuditActions.CampaignWithdrawn] = (w, x, _, a) => new($"{w} 撤回了「{x}」的报名{(a.Has("released") ? $"，释放库存 {a["released"]} 件" : "")}", $"{w} withdrew {x}{(a.Has("released") ? $", releasing {a["released"]} units" : "")}"),
        [AuditActions.CampaignCarryApplied] = (w, x, _, a) => new($"{w} 申请带货「{x}」{(a["auto"] == "true" ? "，已按达人分自动通过" : "")}", $"{w} applied to carry {x}{(a["auto"] == "true" ? ", accepted automatically by creator score" : "")}"),
        [AuditActions.CampaignCarryAccepted] = (w, x, _, _) => new($"{w} 接受了 {x} 的带货申请", $"{w} accepted {x}'s application to carry"),
        [AuditActions.CampaignCarryDeclined] = (w, x, _, _) => new($"{w} 拒绝了 {x} 的带货申请", $"{w} declined {x}'s application to carry"),
        [AuditActions.CampaignLocksReleased] = (w, _, b, _) => new($"活动结束，{w} 释放了 {b["locked"]} 件活动锁定库存", $"The campaign ended; {w} released {b["locked"]} campaign-locked units"),

        [AuditActions.ServiceReplied] = (w, x, _, _) => new($"{w} 回复了会话 {x}", $"{w} replied to conversation {x}"),
        [AuditActions.ServiceHandedOver] = (w, x, _, a) => new($"{w} 把会话 {x} 转交给 {a["to"]}", $"{w} handed conversation {x} over to {a["to"]}"),
        [AuditActions.ServiceClosed] = (w, x, _, _) => new($"{w} 关闭了会话 {x}", $"{w} closed conversation {x}"),
        [AuditActions.ServicePhrasesChanged] = (w, _, _, a) => new($"{w} 修改了快捷短语（共 {a["count"]} 条）", $"{w} changed the quick phrases ({a["count"]} now)"),
        [AuditActions.BuyerRevealed] = (w, x, _, a) => new($"{w} 查看了买家「{x}」的完整{Buyers.BuyerReveals.FieldName(a["field"], true)}（{Buyers.BuyerReveals.ContextName(a["context"], true)} {a["contextLabel"]}）{Reason(a)}",
            $"{w} revealed the full {Buyers.BuyerReveals.FieldName(a["field"], false)} of the buyer {x} ({Buyers.BuyerReveals.ContextName(a["context"], false)} {a["contextLabel"]}){Reason(a)}"),
    };

    private static readonly Dictionary<string, (string Zh, string En)> Fields = new()
    {
        ["attributes"] = ("规格", "attributes"), ["barcode"] = ("条码", "barcode"), ["costFen"] = ("成本", "cost"), ["listPriceFen"] = ("售价", "list price"),
        ["weightGrams"] = ("重量（克）", "weight (g)"), ["imageUrl"] = ("图片", "picture"), ["title"] = ("标题", "title"), ["priceFen"] = ("价格", "price"),
        ["onShelf"] = ("上架", "on shelf"),
    };

    /// <summary>The who of a sentence: a person, a person of an agency for a merchant, or the system.</summary>
    public static Bilingual Who(string actorName, string? agencyName, string? organisationName) =>
        SystemName(actorName) is { } system ? system
        : agencyName is not null ? new($"{actorName}（{agencyName}，代 {organisationName}）", $"{actorName} of {agencyName} for {organisationName}")
        : new(actorName, actorName);

    /// <summary>A system actor's code in words; null for a person.</summary>
    public static Bilingual? SystemName(string actorName) => actorName switch
    {
        "system:OrderIntake" => new("订单系统", "Order intake"),
        "system:Carrier" => new("物流回传", "Carrier scans"),
        "system:Scheduler" => new("定时任务", "Scheduled job"),
        "system:DemoWorld" => new("演示数据", "Demo world"),
        "system:BuyerMessages" => new("买家消息", "Buyer messages"),
        _ => null,
    };

    public static Bilingual Describe(AuditRow row)
    {
        var who = Who(row.ActorName, row.AgencyName, row.OrganisationName);
        var what = row.Subject ?? $"{row.EntityType} {row.EntityId}";
        var before = new Values(AuditValues.Parse(row.Before));
        var after = new Values(AuditValues.Parse(row.After));
        if (row.Action == AuditActions.AccessDenied && row.EntityId == Buyers.BuyerReveals.LimitRefusal)
            return new($"{who.Zh} 的操作被拒绝：今日查看买家信息已达 {Buyers.BuyerReveals.DailyLimit} 次上限", $"{who.En} was refused: today's limit of {Buyers.BuyerReveals.DailyLimit} buyer-data reveals was reached");
        if (row.Action == AuditActions.AccessDenied)
        {
            var (zhRight, enRight) = PermissionCodes.TryParse(row.EntityId ?? "", out var p) ? (p.NameZh(), p.NameEn()) : (Or(row.EntityId ?? "", after["action"]), Or(row.EntityId ?? "", after["action"]));
            // The command's code stays in the data (filterable); the reader gets the missing right.
            return new($"{who.Zh} 的操作被拒绝：缺少“{zhRight}”的权限", $"{who.En} was refused: the '{enRight}' right was missing");
        }
        if (!Sentences.TryGetValue(row.Action, out var sentence))
            return new($"{who.Zh} · {row.Action} · {what}", $"{who.En} · {row.Action} · {what}");
        var zh = sentence(who.Zh, what, before, after).Zh;
        var en = sentence(who.En, what, before, after).En;
        return new(zh, en);
    }

    private static string Changes(Values before, Values after, bool zh) =>
        string.Join(zh ? "；" : "; ", after.Names.Select(n =>
        {
            var label = Fields.TryGetValue(n, out var f) ? (zh ? f.Zh : f.En) : n;
            var (b, a) = n.EndsWith("Fen", StringComparison.Ordinal) ? (before.Money(n), after.Money(n)) : (before[n], after[n]);
            return zh ? $"{label} {Or(b, "空")} → {Or(a, "空")}" : $"{label} {Or(b, "none")} → {Or(a, "none")}";
        }));

    private static string Place(string shop, bool zh) => shop.Length == 0 ? (zh ? "共享库存" : "the shared pool") : zh ? $"店铺「{shop}」" : shop;
    private static string Reason(Values values) => values.Has("reason") ? $"（{values["reason"]}）" : "";
    private static string ShopsZh(Values a) => a["allShops"] == "false" ? "（部分店铺）" : "";
    private static string ShopsEn(Values a) => a["allShops"] == "false" ? " (some shops)" : "";
    private static string Or(string value, string fallback) => value.Length > 0 ? value : fallback;
}
