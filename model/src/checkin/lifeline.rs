//! The lifeline: what the person's phone (and the printed card for someone without one) shows,
//! the paired neighbours' names and numbers for a one-tap call, and the text message it offers
//! when the relay cannot be reached, so the first neighbour still hears from her.

use serde::{Deserialize, Serialize};

use super::pairing::{PairedNeighbour, Pairing};

/// The lifeline of one pairing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lifeline {
    /// The pairing.
    pub pairing: crate::ids::DocId,
    /// The paired neighbours, in order, with their numbers where they gave them.
    pub neighbours: Vec<PairedNeighbour>,
    /// The numbers a text goes to (the neighbours', in order).
    pub sms_to: Vec<String>,
    /// The text "I'm fine" sends when the relay cannot be reached.
    pub sms_fine: String,
    /// The text "I need help" sends when the relay cannot be reached.
    pub sms_help: String,
}

impl Lifeline {
    /// The lifeline of `p`.
    pub fn of(p: &Pairing) -> Lifeline {
        let place = crate::docs::request::view::place_words(Some(&p.building), p.unit.as_deref()).unwrap_or_default();
        Lifeline {
            pairing: p.id,
            neighbours: p.neighbours.clone(),
            sms_to: p.neighbours.iter().filter_map(|n| n.phone.clone()).collect(),
            sms_fine: format!("Jinlin: {} ({place}) is fine today. 我很好。", p.name),
            sms_help: format!("Jinlin: {} ({place}) needs help now: please come. 请马上来。", p.name),
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
                },
                PairedNeighbour {
                    member: MemberId::random(),
                    name: "Chen".into(),
                    phone: None,
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
