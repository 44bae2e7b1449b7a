//! Why the relay (or a write rule on a phone) refused something, in the reader's language.
//!
//! Every refusal a rule can give is one [`Refusal`] in [`table`]: a stable code (`request.own_name`,
//! for programs and whoever helps; never renamed once shipped), its English sentence and its
//! Simplified Chinese one. The English sentence is what travels: the relay's
//! [`AckResult::Rejected`](crate::protocol::AckResult::Rejected) `reason` and its HTTP refusals
//! carry it unchanged, so phones of any version read them as before. It is also the message id,
//! gettext-style: a phone finds the entry by the English text ([`Refusal::find`]) and says it in
//! its reader's language ([`render`]), whether the relay is older or newer than the phone. Text no
//! entry matches (a refusal newer than this phone, an error passed through) is shown as the relay
//! wrote it.
//!
//! A sentence with something in it (a number, a time, a kind of group) has `{}` where it goes, in
//! English in order; the Chinese sentence may take them in another order as `{0}`, `{1}`. A word
//! of Jinlin's vocabulary in that place (`building`, `request`, `staff`, a status like `done`, an
//! action like `cancel`) is said in Chinese too.
//!
//! The write rules (`docs/**/rules.rs`, `docs/guard.rs`), the model's checks of what is typed or
//! chosen (`Error::InvalidInput`: a date, a price, a rating, a ballot) and the relay refuse with
//! an entry, never with a literal: a new refusal cannot be written without its Chinese.

mod table;

use std::fmt::Display;

pub use table::Refusal;

use crate::language::Language;

/// Declares [`Refusal`] with one variant per entry: `Name "code" { en: "...", zh: "..." }`.
macro_rules! refusals {
    ($( $name:ident $code:literal { en: $en:literal, zh: $zh:literal $(,)? } )*) => {
        /// One reason a change or a call is refused, with its stable code and its sentence in
        /// each language. The variant's documentation is its English sentence.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Refusal {
            $( #[doc = $en] $name, )*
        }

        impl Refusal {
            /// Every refusal, in the table's order.
            pub const ALL: &'static [Refusal] = &[$(Refusal::$name),*];

            /// Its stable code (`request.own_name`), the same in every language.
            pub const fn code(self) -> &'static str {
                match self { $(Refusal::$name => $code,)* }
            }

            /// Its English sentence: the text on the wire, with `{}` for what is filled in.
            pub const fn en(self) -> &'static str {
                match self { $(Refusal::$name => $en,)* }
            }

            /// Its Simplified Chinese sentence, with `{}` (or `{0}`, `{1}`) for what is filled in.
            pub const fn zh(self) -> &'static str {
                match self { $(Refusal::$name => $zh,)* }
            }
        }
    };
}
pub(crate) use refusals;

impl Refusal {
    /// Its sentence in `language`, unfilled.
    pub fn sentence(self, language: Language) -> &'static str {
        match language {
            Language::ZhHans => self.zh(),
            Language::En => self.en(),
        }
    }

    /// The English sentence with `args` in place of its `{}`, in order: the reason as it is sent.
    pub fn with(self, args: &[&dyn Display]) -> String {
        let args: Vec<String> = args.iter().map(ToString::to_string).collect();
        fill(self.en(), &args)
    }

    /// Whether its sentence has something filled in.
    pub fn has_args(self) -> bool {
        self.en().contains("{}")
    }

    /// The entry whose English sentence `reason` is, with what was filled in; `None` for text no
    /// entry matches. Where two sentences fit (`a {} cannot sit inside a {}` and the same with
    /// more words after it), the one with more written words wins.
    pub fn find(reason: &str) -> Option<(Refusal, Vec<String>)> {
        if let Some(r) = Refusal::ALL.iter().find(|r| !r.has_args() && r.en() == reason) {
            return Some((*r, Vec::new()));
        }
        Refusal::ALL
            .iter()
            .filter(|r| r.has_args())
            .filter_map(|r| matched(r.en(), reason).map(|args| (*r, args)))
            .max_by_key(|(r, _)| r.en().len() - 2 * r.en().matches("{}").count())
    }
}

impl From<Refusal> for String {
    fn from(r: Refusal) -> String {
        r.en().to_string()
    }
}

/// The stable code of the refusal `reason` says, if this build knows it.
pub fn code(reason: &str) -> Option<&'static str> {
    Refusal::find(reason).map(|(r, _)| r.code())
}

/// `reason` (a refusal's English sentence, as the relay sent it) in `language`; text no entry
/// matches comes back unchanged, and English is always the text itself.
pub fn render(reason: &str, language: Language) -> String {
    if language == Language::En {
        return reason.to_string();
    }
    match Refusal::find(reason) {
        Some((refusal, args)) => {
            let args: Vec<String> = args.iter().map(|a| word(a, language).to_string()).collect();
            fill(refusal.sentence(language), &args)
        }
        None => reason.to_string(),
    }
}

/// A word of Jinlin's vocabulary (a kind of group or document, a role, a kind of ballot, the
/// status of an order, a need or a report, what was tried on one) filled into a sentence, in
/// `language`; anything else (numbers, times, ids, quoted text) as it is. Statuses are said as
/// the command line says them (`cli/locales/zh-Hans.ftl`, `word-order-…`, `word-board-…`,
/// `word-report-…`); `open` and `closed` are the needs board's and a report's, the only
/// sentences they fill. The command line's tests check that both say each status alike.
pub fn word(arg: &str, language: Language) -> &str {
    if language == Language::En {
        return arg;
    }
    match arg {
        "community" => "社区",
        "estate" => "小区",
        "building" => "楼栋",
        "group" => "群组",
        "request" => "求助",
        "household" => "住户",
        "report" => "上报",
        "order" => "服务单",
        "proposal" => "议题",
        "need" => "需求",
        "notice" => "通知",
        "resident" => "居民",
        "volunteer" => "志愿者",
        "building-leader" => "楼栋长",
        "grid-worker" => "网格员",
        "staff" => "社区工作人员",
        "yes-no" => "赞成或反对",
        "one-of" => "单选",
        "several-of" => "多选",
        // An order's status, and what was tried on it (`cannot {} an order that is {}`).
        "ordered" => "已下单",
        "dispatched" => "已派单",
        "accepted" => "已接单",
        "done" => "已完成",
        "rated" => "已评价",
        "cancelled" => "已取消",
        "dispatch" => "派单",
        "accept" => "接单",
        "decline" => "谢绝",
        "finish" => "标为完成",
        "cancel" => "取消",
        "rate" => "评价",
        // A need's status on the board, and what was tried on it (`cannot {} a need that is {}`).
        "wish" => "微心愿",
        "open" => "待认领",
        "claimed" => "已认领",
        "resolved" => "已解决",
        "confirmed" => "已确认",
        "withdrawn" => "已撤下",
        "put on the board" => "放上需求榜",
        "claim" => "认领",
        "withdraw a claim on" => "撤回认领",
        "note progress on" => "记下进展",
        "resolve" => "标为已解决",
        "confirm" => "确认已解决",
        "take off the board" => "从需求榜上撤下",
        // A report's status, and the step tried (`a report that is {} cannot be marked {}`).
        "raised" => "已上报",
        "assigned" => "已指派",
        "fixed" => "已修好",
        "checked" => "已验收",
        "closed" => "已结案",
        other => other,
    }
}

/// `template` with `args` in place: `{}` takes the next one, `{N}` the N-th (from 0). A place
/// with no argument is left empty.
fn fill(template: &str, args: &[String]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut next = 0;
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let inside = &after[..close];
        let index = if inside.is_empty() {
            next += 1;
            Some(next - 1)
        } else {
            inside.parse::<usize>().ok()
        };
        match index {
            Some(i) => out.push_str(args.get(i).map(String::as_str).unwrap_or_default()),
            None => out.push_str(&rest[open..open + close + 2]),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// What `text` has in place of each `{}` of `template`, if it is that sentence filled in. Each
/// piece between places is found at its first occurrence after the previous one; the last
/// place takes what is left before the sentence's end.
fn matched(template: &str, text: &str) -> Option<Vec<String>> {
    let pieces: Vec<&str> = template.split("{}").collect();
    let (first, rest) = pieces.split_first()?;
    let (last, middle) = rest.split_last()?;
    let mut at = text.strip_prefix(first)?;
    at = at.strip_suffix(last)?;
    let mut args = Vec::with_capacity(rest.len());
    for piece in middle {
        let i = at.find(piece)?;
        args.push(at[..i].to_string());
        at = &at[i + piece.len()..];
    }
    args.push(at.to_string());
    (!args.iter().any(String::is_empty)).then_some(args)
}

#[cfg(test)]
mod tests;
