//! The languages a person reads Jinlin in: Simplified Chinese first, English second. A
//! recipient's language decides the words of every text message (`sms/`) and push (`push.rs`)
//! made for them; a person who never said gets Chinese. Written as a BCP 47 tag (`zh-Hans`, `en`)
//! on the wire and in the store; [`Language::from_tag`] also reads the tags and locale names
//! people and systems write (`zh-CN`, `zh_CN.UTF-8`, `en-GB`, `en_US.UTF-8`).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A language Jinlin speaks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Language {
    /// Simplified Chinese, the default.
    #[default]
    #[serde(rename = "zh-Hans")]
    ZhHans,
    /// English.
    #[serde(rename = "en")]
    En,
}

/// Every language, Chinese first.
pub const LANGUAGES: [Language; 2] = [Language::ZhHans, Language::En];

impl Language {
    /// Whether this is the default (Chinese), so a record may leave it out.
    pub fn is_default(&self) -> bool {
        *self == Language::ZhHans
    }

    /// Its BCP 47 tag: `zh-Hans` or `en`.
    pub fn tag(self) -> &'static str {
        match self {
            Language::ZhHans => "zh-Hans",
            Language::En => "en",
        }
    }

    /// Reads a language tag or a locale name: any Chinese one (`zh`, `zh-Hans`, `zh-CN`,
    /// `zh_TW.UTF-8`) is Chinese, any English one (`en`, `en-GB`, `en_US.UTF-8`) English, case
    /// aside; anything else is `None`. Jinlin has no Traditional Chinese yet, so those readers get
    /// the Simplified words, which they read, rather than English.
    pub fn from_tag(tag: &str) -> Option<Language> {
        let tag = tag.trim();
        let primary = tag.split(['-', '_', '.', '@']).next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("zh") {
            Some(Language::ZhHans)
        } else if primary.eq_ignore_ascii_case("en") {
            Some(Language::En)
        } else {
            None
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

/// A tag that names no language Jinlin speaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Jinlin speaks Chinese (zh, zh-Hans) and English (en), not {0:?}")]
pub struct UnknownLanguage(pub String);

impl FromStr for Language {
    type Err = UnknownLanguage;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Language::from_tag(s).ok_or_else(|| UnknownLanguage(s.chars().take(40).collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_and_english_tags_and_locale_names_are_read_case_aside() {
        for tag in ["zh", "zh-Hans", "zh-CN", "zh_CN.UTF-8", "ZH-hans", "zh_TW"] {
            assert_eq!(Language::from_tag(tag), Some(Language::ZhHans), "{tag}");
        }
        for tag in ["en", "en-GB", "en_US.UTF-8", "EN", "en@euro"] {
            assert_eq!(Language::from_tag(tag), Some(Language::En), "{tag}");
        }
        for tag in ["", "C", "C.UTF-8", "POSIX", "fr_FR.UTF-8", "eng"] {
            assert_eq!(Language::from_tag(tag), None, "{tag}");
        }
    }

    #[test]
    fn an_unknown_language_is_a_clear_error() {
        let err = "klingon".parse::<Language>().expect_err("unknown");
        assert!(err.to_string().contains("klingon"), "{err}");
        assert_eq!("en".parse::<Language>(), Ok(Language::En));
    }

    #[test]
    fn the_language_is_written_as_its_tag_and_chinese_is_the_default() {
        assert_eq!(serde_json::to_string(&Language::En).expect("json"), "\"en\"");
        assert_eq!(
            serde_json::from_str::<Language>("\"zh-Hans\"").expect("json"),
            Language::ZhHans
        );
        assert_eq!(Language::default(), Language::ZhHans);
        assert_eq!(Language::En.to_string(), "en");
    }
}
