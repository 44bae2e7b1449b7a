//! The check-in calls on the wire (`/v1/pairings…`, `/v1/checkins`) and what an alert about a
//! missed check-in says. `docs/PROTOCOL.md` ("Paired neighbours and the daily check-in").

use serde::{Deserialize, Serialize};

use super::pairing::Pairing;
use super::watch::{Answer, Watch};
use crate::clock::Millis;
use crate::ids::DocId;

/// A pairing as the relay shows it to those who may see it (the person or proxy, the paired
/// neighbours, grid workers and staff above): the pairing, when the relay judges it next, the
/// watch over a missed day if one is open, and the last ones (who was alerted about her).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairingView {
    /// The pairing.
    pub pairing: Pairing,
    /// When the relay next judges whether she checked in, by its clock.
    pub next_judgement: Millis,
    /// The watch over a missed day, while it is open.
    pub watch: Option<Watch>,
    /// Past watches, newest first (at most [`PAST_WATCHES`]).
    pub past: Vec<Watch>,
}

/// How many past watches a pairing keeps.
pub const PAST_WATCHES: usize = 10;

/// `POST /v1/checkins`: "I'm fine", signed with the phone's time of the tap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckinBody {
    /// When the person tapped, by the phone's clock.
    pub signed_at: Millis,
}

/// What one check-in did for one pairing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckinCounted {
    /// The pairing.
    pub pairing: DocId,
    /// When it counted, by the relay's reckoning; absent when it came too late to count.
    pub counted_at: Option<Millis>,
    /// It closed an alarm that was open.
    pub closed_alarm: bool,
}

/// The answer to `POST /v1/checkins`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckinReply {
    /// One entry per pairing this member checks in for.
    pub pairings: Vec<CheckinCounted>,
}

/// `PUT /v1/pairings/{id}/deadline`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineBody {
    /// `HH:MM`.
    pub deadline: String,
    /// Minutes of grace, if changed.
    #[serde(default)]
    pub grace_minutes: Option<u32>,
}

/// `PUT /v1/pairings/{id}/pause`: no check-in expected until then; `None` resumes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PauseBody {
    /// Until when.
    pub until: Option<Millis>,
}

/// `POST /v1/pairings/{id}/answer`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerBody {
    /// The answer.
    pub answer: Answer,
}

/// What an alert about a missed check-in says, enough for a notification: "王奶奶 hasn't
/// checked in today: knock on 3-1202".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckinAlert {
    /// The pairing.
    pub pairing: DocId,
    /// The circle this member is in (1-based: the paired neighbours first).
    pub step: u8,
    /// How neighbours know her.
    pub name: String,
    /// Her building.
    pub building: String,
    /// Her unit.
    pub unit: Option<String>,
    /// When the day was judged missed.
    pub missed_at: Millis,
}

impl CheckinAlert {
    /// Where to knock ("building 3, unit 1202").
    pub fn place(&self) -> String {
        crate::docs::request::view::place_words(Some(&self.building), self.unit.as_deref()).unwrap_or_default()
    }

    /// The sentence a notification shows, in English.
    pub fn words(&self) -> String {
        self.words_in(crate::Language::En)
    }

    /// The sentence a notification shows, in `language`: who has not checked in, and where to
    /// knock ("王秀英今天还没有报平安：请去3号楼1202室敲门看看。").
    pub fn words_in(&self, language: crate::Language) -> String {
        match language {
            crate::Language::ZhHans => {
                let at = crate::sms::Where {
                    building: Some(&self.building),
                    unit: self.unit.as_deref(),
                };
                format!("{}今天还没有报平安：请去{}敲门看看。", self.name, at.words(language))
            }
            crate::Language::En => format!("{} hasn't checked in today: knock at {}", self.name, self.place()),
        }
    }
}
