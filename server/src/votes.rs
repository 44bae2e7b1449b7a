//! Secret ballots on the relay (议事, `jinlin_model::docs::proposal::secret`): a voter's phone
//! sends its ballot here instead of writing it into the proposal; the relay checks it against
//! the proposal as it holds it (voting open by the relay's clock, the voter on the roll, the
//! choices filling the ballot), keeps the latest per unit with its receipt time, and, once the
//! vote is closed and a reader asks, seals the result into the proposal as its own change: the
//! units that voted and the ballots' choices with their receipts, by receipt, naming no voter.
//!
//! Who may cast: a member on the roll who reads the proposal; who may ask for the seal: anyone
//! who reads it (a voter, an observer). To anyone else the proposal does not exist. Nothing here
//! logs a choice: ids only.

use automerge::transaction::CommitOptions;
use jinlin_model::docs::proposal::secret::{self, Sealed, SecretBallot, SecretBallotBody, SecretReceipt};
use jinlin_model::docs::proposal::{self, ProposalView};
use jinlin_model::ids::relay_actor;
use jinlin_model::refusal::Refusal;
use jinlin_model::{DocId, DocKind, MemberId};

use crate::access::DocRef;
use crate::doc_cache::DocCache;
use crate::error::{AppError, Error};
use crate::relay::Relay;
use crate::store::{NewChange, Write};

const NONE: AppError = AppError::NotFound(Refusal::NoSuchProposal.en());

fn refused(e: jinlin_model::Error) -> AppError {
    match e {
        jinlin_model::Error::NotAllowed(m) => AppError::Forbidden(m.to_string()),
        other => AppError::Conflict(other.to_string()),
    }
}

impl Relay {
    /// The secret proposal `id` as the relay holds it, if `member` reads it.
    fn secret_proposal(
        &self,
        cache: &mut DocCache,
        member: MemberId,
        id: DocId,
    ) -> Result<(ProposalView, DocId), AppError> {
        let meta = self
            .store
            .doc(id)?
            .filter(|m| m.doc_type == DocKind::Proposal)
            .ok_or(NONE)?;
        // The writer lock is held: the standing is read under it.
        let access = crate::access::Access::new(self.standing_in(cache, member)?, &self.alerts);
        let doc = DocRef {
            id,
            kind: DocKind::Proposal,
            group: meta.group_id,
        };
        if !access.may_read(&doc, || Ok::<_, Error>(None))? {
            return Err(NONE);
        }
        let view = proposal::read(self.load(cache, id)?.doc()).map_err(|e| AppError::Internal(e.into()))?;
        if !view.secret {
            return Err(AppError::BadRequest(Refusal::BallotsInTheOpen.into()));
        }
        Ok((view, meta.group_id))
    }

    /// `member` casts a secret ballot on proposal `id`; the latest of their unit counts.
    pub fn cast_secret(&self, member: MemberId, id: DocId, body: SecretBallotBody) -> Result<SecretReceipt, AppError> {
        if !secret::is_receipt(&body.receipt) {
            return Err(AppError::BadRequest(Refusal::ReceiptForm.into()));
        }
        let mut cache = self.writer()?;
        let (view, _) = self.secret_proposal(&mut cache, member, id)?;
        let now = self.now();
        let unit = proposal::may_vote(&view, member, &body.choices, now).map_err(refused)?;
        let ballot = SecretBallot {
            unit: unit.key.clone(),
            choices: body.choices,
            receipt: body.receipt,
        };
        self.store.put_secret_ballot(id, member, &ballot, now)?;
        tracing::info!(proposal = %id, "secret ballot received");
        Ok(SecretReceipt {
            received_at: now,
            receipt: ballot.receipt,
        })
    }

    /// Seals a closed secret vote into its proposal (once; later asks answer the same seal):
    /// asked by anyone who reads it, after the close by the relay's clock.
    pub fn seal_secret(&self, member: MemberId, id: DocId) -> Result<Sealed, AppError> {
        let mut cache = self.writer()?;
        let (view, group) = self.secret_proposal(&mut cache, member, id)?;
        if let Some(sealed) = view.sealed {
            return Ok(sealed);
        }
        let now = self.now();
        let close = view.close_time();
        if now < close {
            return Err(AppError::Conflict(
                Refusal::VoteStillOpen.with(&[&jinlin_model::dates::rfc3339(close)]),
            ));
        }
        let ballots: Vec<SecretBallot> = self
            .store
            .secret_ballots(id)?
            .into_iter()
            .filter(|(b, at)| *at <= close && view.unit(&b.unit).is_some())
            .map(|(b, _)| b)
            .collect();
        let cached = self.load(&mut cache, id)?;
        let doc = cached.doc_mut();
        doc.set_actor(relay_actor());
        if let Err(e) = secret::seal(doc, &ballots, now) {
            doc.rollback();
            return Err(AppError::Internal(e.into()));
        }
        doc.commit_with(CommitOptions::default().with_time(now / 1000));
        let Some(mut change) = doc.get_last_local_change() else {
            return Err(AppError::Internal(Error::Task("the seal wrote nothing".into())));
        };
        let writes = [
            Write::AppendChange(NewChange {
                doc_id: id,
                group_id: group,
                hash: change.hash().0,
                bytes: change.bytes().into_owned(),
            }),
            Write::Snapshot {
                doc_id: id,
                bytes: doc.save(),
            },
        ];
        cached.since_snapshot = 0;
        if let Err(e) = self.store.write(&writes) {
            cache.evict(id);
            return Err(e.into());
        }
        tracing::info!(proposal = %id, ballots = ballots.len(), "secret vote sealed");
        secret::read_sealed(self.load(&mut cache, id)?.doc())
            .ok_or_else(|| AppError::Internal(Error::Task("no seal".into())))
    }
}
