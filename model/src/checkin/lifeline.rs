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
}
