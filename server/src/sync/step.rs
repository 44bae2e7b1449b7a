//! What one uploaded document comes to ([`Step`]: stored, refused, or waiting for a group the
//! same upload may create), and why an upload stage stops short ([`Stop`]).

use automerge::ChangeHash;
use jinlin_model::protocol::AckResult;

use crate::error::Error;

/// What happened to one uploaded document.
pub(super) enum Step {
    Done(AckResult),
    /// Refused for want of a group that a later document of the same upload may create.
    Later(AckResult),
    /// Refused because of one change (named, so the device sets aside only it and what was
    /// built on it).
    Refused {
        reason: String,
        change: ChangeHash,
    },
}

impl Step {
    pub fn reject(reason: &str) -> Step {
        Step::Done(AckResult::Rejected { reason: reason.into() })
    }

    pub fn refuse(reason: &str, change: ChangeHash) -> Step {
        Step::Refused {
            reason: reason.into(),
            change,
        }
    }

    pub fn into_result(self) -> (AckResult, Option<ChangeHash>) {
        match self {
            Step::Done(r) | Step::Later(r) => (r, None),
            Step::Refused { reason, change } => (AckResult::Rejected { reason }, Some(change)),
        }
    }
}

/// Why an upload stage stops short: an answer for this document, or a failure of the relay.
pub(super) enum Stop {
    /// The document's outcome.
    Answer(Step),
    /// The store or a document failed.
    Failed(Error),
}

impl From<Step> for Stop {
    fn from(step: Step) -> Self {
        Stop::Answer(step)
    }
}

impl From<Error> for Stop {
    fn from(e: Error) -> Self {
        Stop::Failed(e)
    }
}
