//! The lifeline: what the person's phone (and the printed card for someone without one) shows,
//! the paired neighbours' names and numbers for a one-tap call, and the text message it offers
//! when the relay cannot be reached, so the first neighbour still hears from her: one message
//! per language, each to the neighbours who read it, fitting one SMS where it can (`crate::sms`).

use serde::{Deserialize, Serialize};

use super::pairing::{PairedNeighbour, Pairing};
use crate::sms::{self, SmsLanguage, Where};

/// The lifeline of one pairing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lifeline {
    /// The pairing.
    pub pairing: crate::ids::DocId,
    /// The paired neighbours, in order, with their numbers where they gave them.
    pub neighbours: Vec<PairedNeighbour>,
    /// The numbers a text goes to (the neighbours', in order).
    pub sms_to: Vec<String>,
    /// The text "I'm fine" sends when the relay cannot be reached, in the language of the first
    /// neighbour with a number (all of it when they all read one; see `sms`).
    pub sms_fine: String,
    /// The text "I need help" sends, likewise.
    pub sms_help: String,
    /// The texts per language, Chinese first, each to the numbers of those who read it.
    #[serde(default)]
    pub sms: Vec<LifelineTexts>,
}

/// The lifeline's texts in one language, and the numbers they go to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LifelineTexts {
    /// The language.
    pub language: SmsLanguage,
    /// The numbers of the neighbours who read it, in order.
    pub to: Vec<String>,
    /// "I'm fine".
    pub fine: String,
    /// "I need help".
    pub help: String,
}

impl Lifeline {
    /// The lifeline of `p`.
    pub fn of(p: &Pairing) -> Lifeline {
        let at = Where {
            building: Some(&p.building),
            unit: p.unit.as_deref(),
        };
        let texts = |language| LifelineTexts {
            language,
            to: p
                .neighbours
                .iter()
                .filter(|n| n.language == language)
                .filter_map(|n| n.phone.clone())
                .collect(),
            fine: sms::fine_today(language, &p.name, at),
            help: sms::needs_help(language, &p.name, at),
        };
        let sms: Vec<LifelineTexts> = [SmsLanguage::ZhHans, SmsLanguage::En]
            .into_iter()
            .map(texts)
            .filter(|t| !t.to.is_empty())
            .collect();
        let first = p
            .neighbours
            .iter()
            .find(|n| n.phone.is_some())
            .map_or(SmsLanguage::ZhHans, |n| n.language);
        let main = texts(first);
        Lifeline {
            pairing: p.id,
            neighbours: p.neighbours.clone(),
            sms_to: p.neighbours.iter().filter_map(|n| n.phone.clone()).collect(),
            sms_fine: main.fine,
            sms_help: main.help,
            sms,
        }
    }

    /// The card printed for someone without a phone (and pinned by her door or telephone):
    /// Chinese first, one line each, large enough to read without glasses when printed at 20 pt.
    /// `p` is the pairing the lifeline is of.
    pub fn card(&self, p: &Pairing) -> String {
        let place = crate::docs::request::view::place_words(Some(&p.building), p.unit.as_deref()).unwrap_or_default();
        let by = format!("{:02}:{:02}", p.deadline / 60, p.deadline % 60);
        let mut card = format!(
            "近邻 · 结对联系卡 Jinlin lifeline card\n{} ({place})\n每天 {by} 前报平安 Check in by {by} daily\n",
            p.name
        );
        card.push_str("有事请打 If anything is wrong, call:\n");
        for (i, n) in self.neighbours.iter().enumerate() {
            let phone = n.phone.as_deref().unwrap_or("——");
            card.push_str(&format!("{}. {}  {phone}\n", i + 1, n.name));
        }
        card.push_str("紧急情况 Emergency: 120");
        card
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checkin::pairing::NewPairing;
    use crate::ids::{DocId, MemberId};

    fn pairing(neighbours: Vec<PairedNeighbour>) -> Pairing {
        let new = NewPairing {
            group_id: DocId::random(),
            person: None,
            proxy: Some(MemberId::random()),
            household: None,
            name: "王秀英".into(),
            building: "3".into(),
            unit: Some("1202".into()),
            neighbours,
            deadline: "10:00".into(),
            grace_minutes: None,
            wait_minutes: None,
        };
        Pairing::create(DocId::random(), &new, MemberId::random(), 1).expect("pairing")
    }

    fn neighbour(name: &str, phone: Option<&str>, language: SmsLanguage) -> PairedNeighbour {
        PairedNeighbour {
            member: MemberId::random(),
            name: name.into(),
            phone: phone.map(str::to_string),
            language,
        }
    }

    #[test]
    fn each_neighbour_gets_her_texts_in_their_own_language_one_sms_each() {
        let p = pairing(vec![
            neighbour("李", Some("138 0000 1111"), SmsLanguage::ZhHans),
            neighbour("Tom", Some("+65 8123 4567"), SmsLanguage::En),
            neighbour("陈", None, SmsLanguage::ZhHans),
        ]);
        let life = Lifeline::of(&p);
        assert_eq!(life.sms.len(), 2);
        let (zh, en) = (&life.sms[0], &life.sms[1]);
        assert_eq!(
            (zh.language, zh.to.clone()),
            (SmsLanguage::ZhHans, vec!["138 0000 1111".to_string()])
        );
        assert_eq!(zh.fine, "【近邻】王秀英（3号楼1202室）今天平安，请放心。");
        assert_eq!(zh.help, "【近邻】王秀英（3号楼1202室）需要帮助，请马上来！");
        assert_eq!(
            (en.language, en.to.clone()),
            (SmsLanguage::En, vec!["+65 8123 4567".to_string()])
        );
        assert!(
            en.fine.starts_with("Jinlin: 王秀英 (bldg 3, unit 1202) is fine today"),
            "{}",
            en.fine
        );
        for t in &life.sms {
            assert!(sms::length::fits(&t.fine) && sms::length::fits(&t.help), "{t:?}");
        }
        assert_eq!(
            life.sms_fine, zh.fine,
            "the first neighbour with a number reads Chinese"
        );
    }

    #[test]
    fn a_pairing_stored_before_languages_reads_as_chinese() {
        let json = r#"{"member":"6f1c3a52-3b0e-4a8c-9a57-0d8e7b7f4e21","name":"Li","phone":"138"}"#;
        let n: PairedNeighbour = serde_json::from_str(json).expect("old form");
        assert_eq!(n.language, SmsLanguage::ZhHans);
        let again = serde_json::to_string(&n).expect("json");
        assert!(!again.contains("language"), "Chinese is left out: {again}");
    }

    #[test]
    fn the_printed_card_names_her_place_her_deadline_and_each_neighbours_number_in_order() {
        let new = NewPairing {
            group_id: DocId::random(),
            person: None,
            proxy: Some(MemberId::random()),
            household: None,
            name: "Grandma Wang".into(),
            building: "3".into(),
            unit: Some("1202".into()),
            neighbours: vec![
                PairedNeighbour {
                    member: MemberId::random(),
                    name: "Li".into(),
                    phone: Some("138 0000 1111".into()),
                    language: crate::sms::SmsLanguage::ZhHans,
                },
                PairedNeighbour {
                    member: MemberId::random(),
                    name: "Chen".into(),
                    phone: None,
                    language: crate::sms::SmsLanguage::ZhHans,
                },
            ],
            deadline: "10:00".into(),
            grace_minutes: None,
            wait_minutes: None,
        };
        let p = Pairing::create(DocId::random(), &new, MemberId::random(), 1).expect("pairing");
        let card = Lifeline::of(&p).card(&p);
        let lines: Vec<&str> = card.lines().collect();
        assert!(
            lines[1].starts_with("Grandma Wang") && lines[1].contains("1202"),
            "{card}"
        );
        assert!(lines[2].contains("10:00"), "{card}");
        assert_eq!(lines[4], "1. Li  138 0000 1111");
        assert_eq!(
            lines[5], "2. Chen  ——",
            "a neighbour with no number is still listed, in order"
        );
        assert!(
            lines.iter().all(|l| l.chars().count() <= 48),
            "short lines for large print:\n{card}"
        );
    }
}
