//! The text messages a phone offers when the relay cannot be reached: an urgent request that has
//! not gone out, and the lifeline's "I'm fine" and "I need help". Each message is in one
//! language, the recipient's ([`SmsLanguage`]: Chinese unless the recipient reads English), and
//! fits one SMS where it can (`length.rs`): 70 characters once any character is Chinese, 160 in
//! plain English. Long names, places and words are shortened with an ellipsis, never split into
//! several messages: her own words first, then a long name (to a few characters, enough to know
//! her), then the place; that it is urgent and what to do are never shortened.

pub mod length;

use crate::kinds::RequestKind;
use length::{Part, fit};

/// The language a recipient reads text messages in: the one [`Language`](crate::language::Language) every text and push
/// is worded in (the name stays for the phones' bindings).
pub use crate::language::Language as SmsLanguage;

/// "…" in Chinese; "..." in English, since "…" is not in the GSM alphabet and would make an
/// English text UCS-2 (70 characters instead of 160).
fn ellipsis(language: SmsLanguage) -> &'static str {
    match language {
        SmsLanguage::ZhHans => "…",
        SmsLanguage::En => "...",
    }
}

/// Where, for a text: a building and a unit as the estate names them.
#[derive(Debug, Clone, Copy, Default)]
pub struct Where<'a> {
    /// Building ("3", "B2"), if known.
    pub building: Option<&'a str>,
    /// Unit ("1202"), if known.
    pub unit: Option<&'a str>,
}

impl Where<'_> {
    /// The place as a text says it: "3号楼1202室", "bldg 3, unit 1202"; empty when unknown.
    pub fn words(&self, language: SmsLanguage) -> String {
        let (b, u) = (self.building.map(str::trim), self.unit.map(str::trim));
        match language {
            SmsLanguage::ZhHans => match (b, u) {
                (Some(b), Some(u)) => format!("{b}号楼{u}室"),
                (Some(b), None) => format!("{b}号楼"),
                (None, Some(u)) => format!("{u}室"),
                (None, None) => String::new(),
            },
            SmsLanguage::En => match (b, u) {
                (Some(b), Some(u)) => format!("bldg {b}, unit {u}"),
                (Some(b), None) => format!("bldg {b}"),
                (None, Some(u)) => format!("unit {u}"),
                (None, None) => String::new(),
            },
        }
    }
}

/// A long name is shortened to this many characters at least: enough for a neighbour to know her.
const NAME_AT_LEAST: usize = 6;

/// What a request of `kind` needs, as a text or a push says it: "送医", "a ride to hospital".
pub fn need(kind: RequestKind, language: SmsLanguage) -> &'static str {
    match language {
        SmsLanguage::ZhHans => match kind {
            RequestKind::Hospital => "送医",
            RequestKind::Errand => "跑腿",
            RequestKind::Repair => "维修",
            RequestKind::Companionship => "陪伴",
            RequestKind::Legal => "法律帮助",
            RequestKind::Other => "帮助",
        },
        SmsLanguage::En => match kind {
            RequestKind::Hospital => "a ride to hospital",
            RequestKind::Errand => "an errand",
            RequestKind::Repair => "a repair",
            RequestKind::Companionship => "company",
            RequestKind::Legal => "legal help",
            RequestKind::Other => "help",
        },
    }
}

/// The text for an urgent request that has not reached the relay: who needs what, where, and
/// her own words if there is room (`words` empty for a request whose kind says it all).
pub fn urgent_request(language: SmsLanguage, name: &str, kind: RequestKind, at: Where<'_>, words: &str) -> String {
    let need = need(kind, language);
    // Shortened first: her own words, then a long name, then the place.
    let parts = [
        Part::new(words, 0),
        Part::new(name, NAME_AT_LEAST),
        Part::new(&at.words(language), 4),
    ];
    fit(&parts, ellipsis(language), |p| {
        let (words, name, place) = (p[0], p[1], p[2]);
        match language {
            SmsLanguage::ZhHans => {
                let place = if place.is_empty() {
                    String::new()
                } else {
                    format!("，在{place}")
                };
                let words = if words.is_empty() {
                    String::new()
                } else {
                    format!("“{words}”")
                };
                format!("【近邻】急！{name}需要{need}{place}。{words}请回电或马上来。")
            }
            SmsLanguage::En => {
                let place = if place.is_empty() {
                    String::new()
                } else {
                    format!(" at {place}")
                };
                let words = if words.is_empty() {
                    String::new()
                } else {
                    format!(" \"{words}\"")
                };
                format!("Jinlin URGENT: {name} needs {need}{place}.{words} Please call or come now.")
            }
        }
    })
}

/// The lifeline's "I'm fine" text, sent to a paired neighbour when the relay cannot be reached.
pub fn fine_today(language: SmsLanguage, name: &str, at: Where<'_>) -> String {
    let parts = [Part::new(name, NAME_AT_LEAST), Part::new(&at.words(language), 4)];
    fit(&parts, ellipsis(language), |p| {
        let (name, place) = (p[0], p[1]);
        match language {
            SmsLanguage::ZhHans if place.is_empty() => format!("【近邻】{name}今天平安，请放心。"),
            SmsLanguage::ZhHans => format!("【近邻】{name}（{place}）今天平安，请放心。"),
            SmsLanguage::En if place.is_empty() => format!("Jinlin: {name} is fine today."),
            SmsLanguage::En => format!("Jinlin: {name} ({place}) is fine today."),
        }
    })
}

/// The lifeline's "I need help" text, sent to a paired neighbour when the relay cannot be reached.
pub fn needs_help(language: SmsLanguage, name: &str, at: Where<'_>) -> String {
    let parts = [Part::new(name, NAME_AT_LEAST), Part::new(&at.words(language), 4)];
    fit(&parts, ellipsis(language), |p| {
        let (name, place) = (p[0], p[1]);
        match language {
            SmsLanguage::ZhHans if place.is_empty() => format!("【近邻】{name}需要帮助，请马上来！"),
            SmsLanguage::ZhHans => format!("【近邻】{name}（{place}）需要帮助，请马上来！"),
            SmsLanguage::En if place.is_empty() => format!("Jinlin: {name} needs help now. Please come."),
            SmsLanguage::En => format!("Jinlin: {name} ({place}) needs help now. Please come."),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::length::{Encoding, encoding, fits, length};
    use super::*;

    const HOME: Where<'static> = Where {
        building: Some("3"),
        unit: Some("1202"),
    };

    #[test]
    fn an_urgent_text_in_chinese_is_all_chinese_and_one_message() {
        let text = urgent_request(SmsLanguage::ZhHans, "王秀英", RequestKind::Hospital, HOME, "");
        assert_eq!(text, "【近邻】急！王秀英需要送医，在3号楼1202室。请回电或马上来。");
        assert!(fits(&text));
        assert!(
            !text.contains("URGENT") && !text.contains("Jinlin"),
            "one language: {text}"
        );
    }

    #[test]
    fn an_urgent_text_in_english_is_plain_gsm_and_one_message() {
        let text = urgent_request(SmsLanguage::En, "Grandma Wang", RequestKind::Hospital, HOME, "");
        assert_eq!(
            text,
            "Jinlin URGENT: Grandma Wang needs a ride to hospital at bldg 3, unit 1202. Please call or come now."
        );
        assert_eq!(encoding(&text), Encoding::Gsm7);
        assert!(fits(&text));
    }

    #[test]
    fn her_own_long_words_are_shortened_to_fit_and_who_and_where_stay_whole() {
        let words = "我在厨房摔倒了，腿很疼，站不起来，门没有锁，钥匙在门口的鞋柜里，请快点来，谢谢大家";
        let text = urgent_request(SmsLanguage::ZhHans, "王秀英", RequestKind::Hospital, HOME, words);
        assert_eq!(length(&text), (70, 70), "{text}");
        assert!(text.contains("王秀英") && text.contains("3号楼1202室"), "{text}");
        assert!(text.contains("…”请回电或马上来。"), "marked as shortened: {text}");

        let words = "I fell in the kitchen and cannot get up; the door is unlocked, the key is in the shoe cabinet by the door. Please hurry.";
        let text = urgent_request(SmsLanguage::En, "Grandma Wang", RequestKind::Hospital, HOME, words);
        assert_eq!(length(&text), (160, 160), "{text}");
        assert_eq!(encoding(&text), Encoding::Gsm7, "the ellipsis keeps it GSM: {text}");
        assert!(text.contains("...\" Please call or come now."), "{text}");
    }

    #[test]
    fn a_long_place_and_a_long_name_are_shortened_not_split() {
        let at = Where {
            building: Some("莲花新城二期滨江花园东区第十二栋A座（靠近北门的那一栋）"),
            unit: Some("1202"),
        };
        let name = "欧阳王秀英奶奶（独居，耳背，请大声敲门）";
        let text = urgent_request(SmsLanguage::ZhHans, name, RequestKind::Hospital, at, "请快来");
        assert!(fits(&text), "{text}");
        assert!(text.starts_with("【近邻】急！欧阳王秀英"), "enough of her name: {text}");
        assert!(text.contains("…需要送医"), "the name marked as shortened: {text}");
        assert!(text.contains("，在莲花新城"), "{text}");
        assert!(text.ends_with("请回电或马上来。"), "the ask is whole: {text}");
        assert!(!text.contains("请快来"), "her words went first: {text}");

        let at = Where {
            building: Some("Lianhua New Town Phase II Riverside Garden East District Block 12A"),
            unit: Some("1202"),
        };
        let name = "Grandmother Ouyang Wang Xiuying (lives alone, hard of hearing, knock loudly please)";
        let text = urgent_request(SmsLanguage::En, name, RequestKind::Hospital, at, "");
        assert!(fits(&text) && text.chars().count() <= 160, "{text}");
        assert!(text.starts_with("Jinlin URGENT: Grandm"), "{text}");
        assert!(text.contains("... needs a ride to hospital at bldg Lianhua"), "{text}");
        assert!(text.ends_with("Please call or come now."), "{text}");
    }

    #[test]
    fn an_english_text_with_a_chinese_name_is_ucs2_and_too_long_for_one_keeps_who_and_where_whole() {
        let text = urgent_request(
            SmsLanguage::En,
            "王秀英",
            RequestKind::Hospital,
            HOME,
            "Hip hurts, cannot walk",
        );
        assert_eq!(encoding(&text), Encoding::Ucs2);
        assert!(!fits(&text), "70 units cannot hold the English ask: {text}");
        assert_eq!(
            text, "Jinlin URGENT: 王秀英 needs a ride to hospital at bldg 3, unit 1202. Please call or come now.",
            "her words left out, her name and place whole"
        );
    }

    #[test]
    fn the_lifeline_texts_are_one_language_each_and_one_message() {
        let fine = fine_today(SmsLanguage::ZhHans, "王秀英", HOME);
        assert_eq!(fine, "【近邻】王秀英（3号楼1202室）今天平安，请放心。");
        let help = needs_help(SmsLanguage::En, "Grandma Wang", HOME);
        assert_eq!(
            help,
            "Jinlin: Grandma Wang (bldg 3, unit 1202) needs help now. Please come."
        );
        let long = needs_help(SmsLanguage::ZhHans, &"欧阳".repeat(40), HOME);
        assert!(fits(&long) && long.ends_with("需要帮助，请马上来！"), "{long}");
    }
}
