//! The secret ballot: for a proposal made `secret`, ballots never enter the document everyone
//! syncs. The voter's phone sends its ballot to the relay alone (`POST /v1/proposals/{id}/ballots`)
//! with a receipt, a hash of a random nonce only that phone knows and of the choices; the relay
//! keeps the latest ballot per unit of the roll with its receipt time, and once the vote is
//! closed it seals the result into the document: the units that voted (for turnout, and so each
//! household sees it voted) and every counted ballot's choices with its receipt, ordered by
//! receipt (a random order, since each receipt hashes a random nonce), naming no voter.
//!
//! Layout (in the proposal's root map):
//! ```text
//! secret: bool
//! sealed: {at, voted: {<unit>: true}, ballots: [{choices: [n], receipt}]}   (the relay's)
//! ```
//! A voter finds their receipt among the sealed ballots (their ballot was counted as cast); an
//! observer re-adds the tally from the sealed ballots and checks the count against `voted`.
//! The relay operator can link a ballot to its voter while it holds the ballots (it receives
//! them from the voter's device); members, observers and whoever reads the document cannot.

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjType, ROOT, ReadDoc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::clock::Millis;
use crate::error::{Error, Result};
use crate::read;
use crate::refusal::Refusal;

/// A ballot as the relay keeps it until the seal: whose unit, the choices, the receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecretBallot {
    /// The unit of the roll it is cast for.
    pub unit: String,
    /// The options chosen, by position.
    pub choices: Vec<u32>,
    /// The voter's receipt (see [`receipt`]).
    pub receipt: String,
}

/// What a voter's phone sends the relay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecretBallotBody {
    /// The options chosen, by position.
    pub choices: Vec<u32>,
    /// The receipt the phone computed (see [`receipt`]).
    pub receipt: String,
}

/// The relay's answer: when it received the ballot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecretReceipt {
    /// The relay's receipt time.
    pub received_at: Millis,
    /// The receipt, as kept.
    pub receipt: String,
}

/// One sealed ballot: its choices and receipt, and nothing about who cast it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealedBallot {
    /// The options chosen, by position.
    pub choices: Vec<u32>,
    /// Its receipt.
    pub receipt: String,
}

/// The sealed result of a secret vote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sealed {
    /// When the relay sealed it.
    pub at: Millis,
    /// The units of the roll that voted.
    pub voted: Vec<String>,
    /// The counted ballots, by receipt.
    pub ballots: Vec<SealedBallot>,
}

/// A voter's receipt: the hash of a random nonce only their phone knows and of their choices.
pub fn receipt(nonce: &str, choices: &[u32]) -> String {
    let choices: Vec<String> = choices.iter().map(u32::to_string).collect();
    hex::encode(Sha256::digest(format!("{nonce}:{}", choices.join(",")).as_bytes()))
}

/// Whether `s` has the shape of a receipt (64 lowercase hex digits).
pub fn is_receipt(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Reads the sealed result, if the relay has sealed it.
pub fn read_sealed(doc: &impl ReadDoc) -> Option<Sealed> {
    let s = read::obj(doc, &ROOT, "sealed")?;
    let voted = read::obj(doc, &s, "voted")
        .map(|v| read::keys(doc, &v))
        .unwrap_or_default();
    let ballots = read::obj(doc, &s, "ballots")
        .map(|l| {
            read::obj_list(doc, &l)
                .into_iter()
                .filter_map(|b| {
                    Some(SealedBallot {
                        choices: read::obj(doc, &b, "choices")
                            .map(|c| super::read_choices(doc, &c))
                            .unwrap_or_default(),
                        receipt: read::str(doc, &b, "receipt")?,
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    Some(Sealed {
        at: read::int(doc, &s, "at").unwrap_or(0),
        voted,
        ballots,
    })
}

/// The relay's part at the close: seals the latest ballot of each unit into the document,
/// ordered by receipt, with the units that voted. Refused if already sealed.
pub fn seal(doc: &mut AutoCommit, ballots: &[SecretBallot], now: Millis) -> Result<()> {
    if read::obj(doc, &ROOT, "sealed").is_some() {
        return Err(Error::InvalidInput(Refusal::VoteSealed.into()));
    }
    let mut sorted: Vec<&SecretBallot> = ballots.iter().collect();
    sorted.sort_by(|a, b| a.receipt.cmp(&b.receipt));
    let sealed = doc.put_object(ROOT, "sealed", ObjType::Map)?;
    doc.put(&sealed, "at", now)?;
    let voted = doc.put_object(&sealed, "voted", ObjType::Map)?;
    for b in &sorted {
        doc.put(&voted, b.unit.as_str(), true)?;
    }
    let list = doc.put_object(&sealed, "ballots", ObjType::List)?;
    for (i, b) in sorted.iter().enumerate() {
        let entry = doc.insert_object(&list, i, ObjType::Map)?;
        let choices = doc.put_object(&entry, "choices", ObjType::List)?;
        for (j, c) in b.choices.iter().enumerate() {
            doc.insert(&choices, j, i64::from(*c))?;
        }
        doc.put(&entry, "receipt", b.receipt.as_str())?;
    }
    Ok(())
}
