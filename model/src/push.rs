//! The words of the relay's pushes, in the recipient's [`Language`]: a notification's title and
//! text, and the one text message an SMS gateway sends for it. They are worded from the same
//! rules as a phone's own texts (`sms/`: what a request needs, where) and a request's standard
//! words (`docs/request/standard.rs`), so a neighbour reads the same words whichever way the
//! alert reaches her. Her own words stay as she wrote them.

use crate::checkin::wire::CheckinAlert;
use crate::docs::request::standard;
use crate::docs::request::view::place_words;
use crate::language::Language;
use crate::protocol::AlertSummary;
use crate::sms::{self, Where};

/// A notification as the phone shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    /// The title: who, what, where.
    pub title: String,
    /// The text under it.
    pub body: String,
}

impl Notification {
    fn new(title: impl Into<String>, body: impl Into<String>) -> Self {
        Notification {
            title: title.into(),
            body: body.into(),
        }
    }
}

/// Where, in a notification: "3号楼1202室", "building 3, unit 1202"; `None` when unknown.
fn place(language: Language, building: Option<&str>, unit: Option<&str>) -> Option<String> {
    match language {
        Language::ZhHans => Some(Where { building, unit }.words(language)).filter(|p| !p.is_empty()),
        Language::En => place_words(building, unit),
    }
}

/// The request's words: her own, or her kind's standard sentence when she wrote none.
fn request_words(language: Language, a: &AlertSummary) -> String {
    if standard::is_standard(a.kind, &a.text) {
        standard::sentence(a.kind, language)
    } else {
        a.text.clone()
    }
}

/// An urgent request: "急！王秀英需要送医，在3号楼1202室" over her words.
pub fn urgent(language: Language, a: &AlertSummary) -> Notification {
    let need = sms::need(a.kind, language);
    let at = place(language, a.building.as_deref(), a.unit.as_deref());
    let title = match language {
        Language::ZhHans => match at {
            Some(at) => format!("急！{}需要{need}，在{at}", a.requester),
            None => format!("急！{}需要{need}", a.requester),
        },
        Language::En => match at {
            Some(at) => format!("URGENT: {} needs {need}, {at}", a.requester),
            None => format!("URGENT: {} needs {need}", a.requester),
        },
    };
    Notification::new(title, request_words(language, a))
}

/// Enough neighbours are coming: the others may stand down.
pub fn no_longer_needed(language: Language) -> Notification {
    match language {
        Language::ZhHans => Notification::new("不用来了", "已有足够的邻居在路上，谢谢您。"),
        Language::En => Notification::new("No longer needed", "Enough neighbours are on their way. Thank you."),
    }
}

/// A paired person has not checked in today.
pub fn checkin_missed(language: Language, a: &CheckinAlert) -> Notification {
    let title = match language {
        Language::ZhHans => "请去看看一位邻居",
        Language::En => "Please look in on a neighbour",
    };
    Notification::new(title, a.words_in(language))
}

/// Someone has looked in on her: the alarm is over.
pub fn checkin_over(language: Language) -> Notification {
    match language {
        Language::ZhHans => Notification::new("不用去了", "已经有人去看过她了，谢谢您。"),
        Language::En => Notification::new("No longer needed", "Someone has looked in on her. Thank you."),
    }
}

/// The one text message an SMS gateway sends for an urgent request (`sms::urgent_request`: who,
/// what, where, and her own words if there is room).
pub fn urgent_text(language: Language, a: &AlertSummary) -> String {
    let at = Where {
        building: a.building.as_deref(),
        unit: a.unit.as_deref(),
    };
    let words = if standard::is_standard(a.kind, &a.text) {
        ""
    } else {
        a.text.as_str()
    };
    sms::urgent_request(language, &a.requester, a.kind, at, words)
}

/// The one text message an SMS gateway sends for any other notification: its title and text.
pub fn text(language: Language, n: &Notification) -> String {
    match language {
        Language::ZhHans => format!("【近邻】{}：{}", n.title, n.body),
        Language::En => format!("Jinlin: {}. {}", n.title, n.body),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DocId, RequestKind};

    fn ride(text: &str) -> AlertSummary {
        AlertSummary {
            request: DocId::random(),
            group_id: DocId::random(),
            wave: 1,
            kind: RequestKind::Hospital,
            requester: "王秀英".into(),
            building: Some("3".into()),
            unit: Some("1202".into()),
            text: text.into(),
            slots: 1,
        }
    }

    #[test]
    fn an_urgent_ride_is_pushed_in_chinese_by_default_and_in_english_to_an_english_reader() {
        let zh = urgent(Language::default(), &ride(""));
        assert_eq!(zh.title, "急！王秀英需要送医，在3号楼1202室");
        assert_eq!(zh.body, "请送我去医院");
        let en = urgent(Language::En, &ride(""));
        assert_eq!(
            en.title,
            "URGENT: 王秀英 needs a ride to hospital, building 3, unit 1202"
        );
        assert_eq!(en.body, "Please take me to hospital");
    }

    #[test]
    fn her_own_words_are_pushed_as_written_and_an_older_apps_standard_sentence_is_reworded() {
        assert_eq!(urgent(Language::En, &ride("摔倒了，腿疼")).body, "摔倒了，腿疼");
        assert_eq!(
            urgent(Language::En, &ride("请送我去医院")).body,
            "Please take me to hospital"
        );
    }

    #[test]
    fn a_request_with_no_place_says_who_and_what() {
        let mut a = ride("");
        a.building = None;
        a.unit = None;
        assert_eq!(urgent(Language::ZhHans, &a).title, "急！王秀英需要送医");
        assert_eq!(
            urgent(Language::En, &a).title,
            "URGENT: 王秀英 needs a ride to hospital"
        );
    }

    #[test]
    fn a_missed_check_in_says_where_to_knock_in_the_readers_language() {
        let a = CheckinAlert {
            pairing: DocId::random(),
            step: 1,
            name: "王秀英".into(),
            building: "3".into(),
            unit: Some("1202".into()),
            missed_at: 0,
        };
        assert_eq!(
            checkin_missed(Language::ZhHans, &a).body,
            "王秀英今天还没有报平安：请去3号楼1202室敲门看看。"
        );
        assert_eq!(
            checkin_missed(Language::En, &a).body,
            "王秀英 hasn't checked in today: knock at building 3, unit 1202"
        );
    }

    #[test]
    fn a_gateways_text_is_one_language_and_one_message() {
        let text = urgent_text(Language::ZhHans, &ride(""));
        assert_eq!(text, "【近邻】急！王秀英需要送医，在3号楼1202室。请回电或马上来。");
        assert!(sms::length::fits(&text));
        let over = text_of(Language::En);
        assert_eq!(
            over,
            "Jinlin: No longer needed. Enough neighbours are on their way. Thank you."
        );
    }

    fn text_of(language: Language) -> String {
        text(language, &no_longer_needed(language))
    }
}
