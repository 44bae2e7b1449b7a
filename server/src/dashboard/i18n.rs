//! The dashboard's words: one table of strings per language, Chinese (zh-Hans) by default and
//! English by `?lang=en` (kept in a cookie). A page asks [`Lang::t`] for every word a person
//! reads; a key missing from a table shows the key itself, and a unit test keeps both tables
//! holding every key.

use axum::http::HeaderMap;

/// A language the dashboard speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Simplified Chinese, the default.
    #[default]
    Zh,
    /// English.
    En,
}

/// The cookie that remembers the language.
pub const LANG_COOKIE: &str = "jinlin_lang";

impl Lang {
    /// `zh-Hans` or `en`, for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-Hans",
            Lang::En => "en",
        }
    }

    /// The word in the query string and the cookie.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// The model's language for it (the words of the table of refusals).
    pub fn language(self) -> jinlin_model::Language {
        match self {
            Lang::Zh => jinlin_model::Language::ZhHans,
            Lang::En => jinlin_model::Language::En,
        }
    }

    /// Parses `zh` or `en`.
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim() {
            "zh" | "zh-Hans" | "zh-CN" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language a request asks for: `?lang=` first, then the cookie, then Chinese.
    pub fn of(query: Option<&str>, headers: &HeaderMap) -> Lang {
        query
            .and_then(Lang::parse)
            .or_else(|| super::session::cookie(headers, LANG_COOKIE).and_then(|c| Lang::parse(&c)))
            .unwrap_or_default()
    }

    /// The string for `key` with `{}` replaced by `value`.
    pub fn fill(self, key: &str, value: impl std::fmt::Display) -> String {
        self.t(key).replacen("{}", &value.to_string(), 1)
    }

    /// The other language, for the switch.
    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }

    fn table(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Lang::Zh => ZH,
            Lang::En => EN,
        }
    }

    /// The string for `key` in this language.
    pub fn t(self, key: &str) -> &str {
        self.table().iter().find(|(k, _)| *k == key).map_or(key, |(_, v)| v)
    }
}

const ZH: &[(&str, &str)] = &[
    ("title", "近邻 · 社区工作台"),
    ("lang_switch", "English"),
    ("nav_now", "此刻"),
    ("nav_orders", "需求与派单"),
    ("nav_coverage", "网格走访"),
    ("nav_reports", "随手拍"),
    ("nav_members", "成员与邀请"),
    ("nav_stats", "统计"),
    ("nav_votes", "投票与公告"),
    ("sign_out", "退出"),
    ("signin_title", "用手机登录工作台"),
    (
        "signin_steps",
        "在手机上打开近邻，选择“登录工作台”，扫描二维码或输入下面的配对码。",
    ),
    ("signin_cli", "或在命令行运行：jinlin dashboard approve 配对码"),
    ("signin_waiting", "等待手机确认…"),
    ("signin_expires", "配对码几分钟后失效，失效后刷新本页即可。"),
    (
        "signin_refused",
        "这部手机的成员不能使用工作台：只有社区工作人员、网格员和楼栋长可以登录。",
    ),
    ("signin_expired", "配对码已失效。"),
    ("signin_again", "重新获取配对码"),
    ("signed_in_as", "已登录："),
    ("now_title", "此刻需要帮助"),
    ("now_empty", "现在没有待处理的求助。"),
    ("now_live", "实时更新"),
    ("now_offline", "连接中断，正在重连…"),
    ("urgent", "紧急"),
    ("raised_ago", "发起于"),
    ("minutes_ago", "分钟前"),
    ("hours_ago", "小时前"),
    ("days_ago", "天前"),
    ("just_now", "刚刚"),
    ("wave", "第 {} 轮"),
    ("alerted", "已通知"),
    ("seen", "已查看"),
    ("coming", "人赶来"),
    ("of_slots", "需要"),
    ("widen", "立即扩大通知范围"),
    ("call", "打电话给"),
    ("requester", "求助人"),
    ("place", "地点"),
    ("status_open", "待响应"),
    ("status_in-progress", "进行中"),
    ("kind_hospital", "陪诊就医"),
    ("kind_errand", "跑腿"),
    ("kind_repair", "维修"),
    ("kind_companionship", "陪伴"),
    ("kind_legal", "法律"),
    ("kind_other", "其他"),
    ("standard_hospital", "请送我去医院"),
    ("standard_errand", "请帮我跑个腿"),
    ("standard_repair", "请帮我修一修"),
    ("standard_companionship", "请来陪陪我"),
    ("standard_legal", "请帮我问问法律上的事"),
    ("standard_other", "我需要帮助"),
    ("tier_red", "红"),
    ("tier_yellow", "黄"),
    ("tier_blue", "蓝"),
    ("orders_title", "服务订单"),
    ("needs_title", "住户需求"),
    ("overdue", "已逾期"),
    ("due", "截止"),
    ("dispatch", "派单"),
    ("dispatch_to", "派给团队"),
    ("assign", "指派"),
    ("assign_to", "指派给"),
    ("order_ordered", "待派单"),
    ("order_dispatched", "已派单"),
    ("order_accepted", "已接单"),
    ("order_done", "已完成"),
    ("order_rated", "已评价"),
    ("order_cancelled", "已取消"),
    ("need_recorded", "已记录"),
    ("need_assigned", "已指派"),
    ("need_resolved", "已解决"),
    ("none", "暂无"),
    ("household", "住户"),
    ("team", "团队"),
    ("done_ok", "已完成操作。"),
    ("refused", "未能完成："),
    ("coverage_title", "网格走访"),
    ("coverage_due", "超过走访周期未走访的住户"),
    ("covered", "按期走访"),
    ("building", "楼栋"),
    ("tier", "风险等级"),
    ("last_visit", "上次走访"),
    ("never", "从未"),
    ("visits_week", "本周走访"),
    ("grid_worker", "网格员"),
    ("reports_title", "随手拍"),
    ("report_raised", "已上报"),
    ("report_assigned", "已指派"),
    ("report_fixed", "已处理"),
    ("report_checked", "已核实"),
    ("report_closed", "已关闭"),
    ("members_title", "成员与邀请"),
    ("invite_make", "生成邀请码"),
    ("invite_role", "角色"),
    ("invite_group", "加入"),
    ("invite_print", "打印此邀请码，扫码或输入即可加入。"),
    ("revoke", "注销这部手机"),
    ("revoke_confirm", "确认注销？这部手机将无法再使用近邻。"),
    ("role_resident", "居民"),
    ("role_volunteer", "志愿者"),
    ("role_building-leader", "楼栋长"),
    ("role_grid-worker", "网格员"),
    ("role_staff", "社区工作人员"),
    ("stats_title", "统计"),
    ("stats_per_week", "每周求助（按类型）"),
    ("stats_first", "首位志愿者响应时间"),
    ("stats_median", "中位数"),
    ("stats_p90", "90%分位"),
    ("stats_needs", "住户需求：收集、当场解决、后续解决"),
    ("stats_collected", "收集"),
    ("stats_on_spot", "当场解决"),
    ("stats_resolved", "后续解决"),
    ("stats_coverage", "按风险等级的走访覆盖"),
    ("export_csv", "导出 CSV"),
    ("proposals_title", "议事投票"),
    ("proposal_discussion", "讨论中"),
    ("proposal_voting", "投票中"),
    ("proposal_closed", "已结束"),
    ("secret_ballot", "无记名投票"),
    ("ballot_yes-no", "赞成/反对"),
    ("ballot_one-of", "单选"),
    ("ballot_several-of", "多选"),
    ("closes_at", "截止"),
    ("closed_at", "截止于"),
    ("group", "范围"),
    ("turnout", "参与"),
    ("of", "/"),
    ("households", "户"),
    ("voters", "人"),
    ("secret_turnout", "无记名投票：结束后由中继统计参与和结果"),
    ("quorum_met", "达到法定参与率"),
    ("quorum_not_met", "未达到法定参与率"),
    ("passed", "通过"),
    ("not_passed", "未通过"),
    ("carried", "胜出"),
    ("notices_title", "公告"),
    ("post_to", "发布到"),
    ("notice_heading", "标题"),
    ("notice_text", "正文"),
    ("pinned_until", "置顶至"),
    ("post_notice", "发布公告"),
    ("pinned", "置顶"),
    ("posted_by", "发布人"),
    ("read_by", "已读"),
    ("board_title", "需求认领板"),
    ("board_claimed", "已认领"),
    ("board_resolved", "已解决"),
    ("board_confirmed", "已确认"),
    ("board_wish", "心愿待审"),
    ("board_open", "待认领"),
    ("board_rated", "已评价"),
    ("board_withdrawn", "已撤回"),
    ("claimed_by", "认领人"),
    ("resolution", "处理结果"),
    ("error_title", "出错了"),
    ("forbidden", "您没有权限进行此操作。"),
    ("csrf_refused", "请求已过期或来源不明，请刷新页面后重试。"),
];

const EN: &[(&str, &str)] = &[
    ("title", "Jinlin · community desk"),
    ("lang_switch", "中文"),
    ("nav_now", "Now"),
    ("nav_orders", "Needs and orders"),
    ("nav_coverage", "Grid coverage"),
    ("nav_reports", "Reports"),
    ("nav_members", "Members and invites"),
    ("nav_stats", "Statistics"),
    ("nav_votes", "Votes and notices"),
    ("sign_out", "Sign out"),
    ("signin_title", "Sign in with your phone"),
    (
        "signin_steps",
        "Open Jinlin on your phone, choose \"Sign in to the desk\", and scan the QR code or type the code below.",
    ),
    ("signin_cli", "Or on the command line: jinlin dashboard approve CODE"),
    ("signin_waiting", "Waiting for your phone…"),
    (
        "signin_expires",
        "The code lasts a few minutes; reload this page for a new one.",
    ),
    (
        "signin_refused",
        "This phone's member may not use the desk: only community staff, grid workers and building leaders sign in.",
    ),
    ("signin_expired", "The code has expired."),
    ("signin_again", "Get a new code"),
    ("signed_in_as", "Signed in as "),
    ("now_title", "Who needs help now"),
    ("now_empty", "Nobody is waiting for help right now."),
    ("now_live", "Live"),
    ("now_offline", "Connection lost, reconnecting…"),
    ("urgent", "Urgent"),
    ("raised_ago", "raised"),
    ("minutes_ago", "min ago"),
    ("hours_ago", "h ago"),
    ("days_ago", "days ago"),
    ("just_now", "just now"),
    ("wave", "wave {}"),
    ("alerted", "alerted"),
    ("seen", "seen"),
    ("coming", "coming"),
    ("of_slots", "needed"),
    ("widen", "Widen the alert now"),
    ("call", "Call"),
    ("requester", "Asked by"),
    ("place", "Where"),
    ("status_open", "Open"),
    ("status_in-progress", "In progress"),
    ("kind_hospital", "Hospital"),
    ("kind_errand", "Errand"),
    ("kind_repair", "Repair"),
    ("kind_companionship", "Company"),
    ("kind_legal", "Legal"),
    ("kind_other", "Other"),
    ("standard_hospital", "Please take me to hospital"),
    ("standard_errand", "Please run an errand for me"),
    ("standard_repair", "Please help me fix something"),
    ("standard_companionship", "Please come and keep me company"),
    ("standard_legal", "Please help me with a legal question"),
    ("standard_other", "I need help"),
    ("tier_red", "red"),
    ("tier_yellow", "yellow"),
    ("tier_blue", "blue"),
    ("orders_title", "Service orders"),
    ("needs_title", "Household needs"),
    ("overdue", "Overdue"),
    ("due", "Due"),
    ("dispatch", "Dispatch"),
    ("dispatch_to", "to team"),
    ("assign", "Assign"),
    ("assign_to", "to"),
    ("order_ordered", "Waiting for dispatch"),
    ("order_dispatched", "Dispatched"),
    ("order_accepted", "Accepted"),
    ("order_done", "Done"),
    ("order_rated", "Rated"),
    ("order_cancelled", "Cancelled"),
    ("need_recorded", "Recorded"),
    ("need_assigned", "Assigned"),
    ("need_resolved", "Resolved"),
    ("none", "None"),
    ("household", "Household"),
    ("team", "Team"),
    ("done_ok", "Done."),
    ("refused", "Not done: "),
    ("coverage_title", "Grid coverage"),
    ("coverage_due", "Households not visited within their interval"),
    ("covered", "Visited in time"),
    ("building", "Building"),
    ("tier", "Risk tier"),
    ("last_visit", "Last visit"),
    ("never", "never"),
    ("visits_week", "Visits this week"),
    ("grid_worker", "Grid worker"),
    ("reports_title", "Photo reports"),
    ("report_raised", "Raised"),
    ("report_assigned", "Assigned"),
    ("report_fixed", "Fixed"),
    ("report_checked", "Checked"),
    ("report_closed", "Closed"),
    ("members_title", "Members and invites"),
    ("invite_make", "Make an invite"),
    ("invite_role", "Role"),
    ("invite_group", "Joins"),
    ("invite_print", "Print this invite: scan it or type the code to join."),
    ("revoke", "Revoke this phone"),
    ("revoke_confirm", "Revoke? This phone will no longer open Jinlin."),
    ("role_resident", "Resident"),
    ("role_volunteer", "Volunteer"),
    ("role_building-leader", "Building leader"),
    ("role_grid-worker", "Grid worker"),
    ("role_staff", "Staff"),
    ("stats_title", "Statistics"),
    ("stats_per_week", "Requests per week, by kind"),
    ("stats_first", "Time to the first volunteer"),
    ("stats_median", "median"),
    ("stats_p90", "p90"),
    (
        "stats_needs",
        "Household needs: collected, fixed on the spot, resolved later",
    ),
    ("stats_collected", "collected"),
    ("stats_on_spot", "fixed on the spot"),
    ("stats_resolved", "resolved later"),
    ("stats_coverage", "Visit coverage by risk tier"),
    ("export_csv", "Export CSV"),
    ("proposals_title", "Proposals"),
    ("proposal_discussion", "In discussion"),
    ("proposal_voting", "Voting"),
    ("proposal_closed", "Closed"),
    ("secret_ballot", "Secret ballot"),
    ("ballot_yes-no", "Yes or no"),
    ("ballot_one-of", "One of"),
    ("ballot_several-of", "Several of"),
    ("closes_at", "closes"),
    ("closed_at", "closed"),
    ("group", "Put to"),
    ("turnout", "Turnout"),
    ("of", "of"),
    ("households", "households"),
    ("voters", "voters"),
    (
        "secret_turnout",
        "Secret ballot: the relay counts turnout and result at the close",
    ),
    ("quorum_met", "quorum met"),
    ("quorum_not_met", "quorum not met"),
    ("passed", "passed"),
    ("not_passed", "not passed"),
    ("carried", "carried"),
    ("notices_title", "Notices"),
    ("post_to", "Post to"),
    ("notice_heading", "Title"),
    ("notice_text", "Text"),
    ("pinned_until", "Pinned until"),
    ("post_notice", "Post notice"),
    ("pinned", "Pinned"),
    ("posted_by", "Posted by"),
    ("read_by", "read by"),
    ("board_title", "Needs board"),
    ("board_claimed", "Claimed"),
    ("board_resolved", "Resolved"),
    ("board_confirmed", "Confirmed"),
    ("board_wish", "Wish awaiting staff"),
    ("board_open", "Open"),
    ("board_rated", "Rated"),
    ("board_withdrawn", "Withdrawn"),
    ("claimed_by", "Claimed by"),
    ("resolution", "Resolution"),
    ("error_title", "Something went wrong"),
    ("forbidden", "You may not do this."),
    (
        "csrf_refused",
        "This request is stale or came from elsewhere; reload the page and try again.",
    ),
];

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn keys(table: &[(&'static str, &str)]) -> BTreeSet<&'static str> {
        table.iter().map(|(k, _)| *k).collect()
    }

    #[test]
    fn both_languages_have_every_key_once() {
        assert_eq!(keys(ZH), keys(EN), "the tables name the same keys");
        assert_eq!(keys(ZH).len(), ZH.len(), "no key twice in Chinese");
        assert_eq!(keys(EN).len(), EN.len(), "no key twice in English");
        for (k, v) in ZH.iter().chain(EN) {
            assert!(!v.trim().is_empty(), "{k} has words");
        }
    }

    #[test]
    fn chinese_is_the_default_and_the_query_beats_the_cookie() {
        let mut headers = HeaderMap::new();
        assert_eq!(Lang::of(None, &headers), Lang::Zh);
        headers.insert(axum::http::header::COOKIE, "jinlin_lang=en".parse().expect("header"));
        assert_eq!(Lang::of(None, &headers), Lang::En);
        assert_eq!(Lang::of(Some("zh"), &headers), Lang::Zh);
        assert_eq!(Lang::En.t("nav_now"), "Now");
        assert_eq!(Lang::Zh.t("no-such-key"), "no-such-key");
        assert_eq!(Lang::Zh.fill("wave", 2), "第 2 轮");
        assert_eq!(Lang::En.fill("wave", 2), "wave 2");
    }
}
