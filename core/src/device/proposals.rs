//! Deliberation and voting (议事) on [`Device`]: staff (or a building's leader in their own
//! building) put a proposal to an estate or building, with the roll gathered on this device
//! (households of the registry with their linked adult members, or the members of the group and
//! the groups inside it); everyone discusses it; voters on the roll cast a ballot, change it
//! until the close, and every device computes the same result from the closed document. Each
//! call refuses what the relay would refuse before anything is written.

use jinlin_model::refusal::Refusal;
use std::collections::BTreeMap;

use jinlin_model::DocKind;
use jinlin_model::docs::household;
use jinlin_model::docs::proposal::secret::{self, SecretBallotBody};
use jinlin_model::docs::proposal::{self, NewProposal, ProposalView, RollUnit, Tally};
use jinlin_model::docs::request::Actor;
use jinlin_model::error::{Error, Result};
use jinlin_model::ids::{DocId, MemberId};
use jinlin_model::kinds::{Electorate, Role};

use crate::device::Device;
use crate::device::events::{Event, Origin};
use crate::store::{docs, proposals};

impl Device {
    /// Staff, or a building's leader in their own building: puts a proposal to `group`. The
    /// roll is gathered from this device: for one household one vote, every household of the
    /// registry in the group (and the groups inside it) with the adult members linked to it;
    /// otherwise every resident, volunteer and building leader of the group and the groups
    /// inside it (staff and grid workers are not on the roll). Saved at once; it leaves
    /// with the next sync.
    pub fn propose(&self, group: DocId, new: &NewProposal) -> Result<DocId> {
        let me = self.me()?;
        let leader = self
            .group(group)?
            .member(me.member_id)
            .is_some_and(|m| m.role == Role::BuildingLeader);
        if !(leader || self.staff_in(group, me.member_id)?) {
            return Err(Error::NotAllowed(Refusal::Propose.en()));
        }
        let roll = self.roll(group, new.electorate)?;
        let id = DocId::random();
        let now = self.now();
        let actor = Actor {
            id: me.member_id,
            name: &me.name,
        };
        let mut doc = proposal::create(id, group, new, &roll, actor, now)?;
        let view = proposal::read(&doc)?;
        self.store().write(|tx| {
            docs::insert(tx, id, DocKind::Proposal, group, &mut doc, true, now)?;
            proposals::put(tx, &view)
        })?;
        self.emit(Event::ProposalChanged {
            id,
            group_id: group,
            origin: Origin::Local,
        });
        Ok(id)
    }

    /// The roll of a proposal put to `group`, as this device holds the registry and the groups.
    fn roll(&self, group: DocId, electorate: Electorate) -> Result<Vec<RollUnit>> {
        match electorate {
            Electorate::Households => self
                .households(Some(group), None)?
                .into_iter()
                .map(|h| {
                    let (doc, _) = self
                        .store()
                        .read(|c| docs::load(c, h.id))?
                        .ok_or_else(|| Error::InvalidInput(Refusal::NoHouseholdHere.with(&[&h.id])))?;
                    Ok(RollUnit {
                        key: h.id.to_string(),
                        label: format!("Building {}, {}", h.building, h.unit),
                        voters: household::voters::voters(&doc),
                    })
                })
                .collect(),
            Electorate::Members => {
                let mut members: BTreeMap<MemberId, String> = BTreeMap::new();
                for g in self.scope(Some(group))? {
                    // Those who live here: staff and grid workers serve the community, and vote
                    // where they live.
                    for m in self.group(g)?.members {
                        if !matches!(m.role, Role::Staff | Role::GridWorker) {
                            members.entry(m.member_id).or_insert(m.name);
                        }
                    }
                }
                Ok(members
                    .into_iter()
                    .map(|(member, name)| RollUnit {
                        key: member.to_string(),
                        label: name,
                        voters: vec![member],
                    })
                    .collect())
            }
        }
    }

    /// A keeper of the registry links an adult member to the household they live in (or, with
    /// `linked` false, unlinks them): who casts the household's ballot.
    pub fn link_voter(&self, household: DocId, member: MemberId, linked: bool) -> Result<()> {
        self.change_household(household, |doc, _, _| household::voters::link(doc, member, linked))
    }

    /// The members linked to a household as its voters.
    pub fn household_voters(&self, household: DocId) -> Result<Vec<MemberId>> {
        let (doc, meta) = self
            .store()
            .read(|c| docs::load(c, household))?
            .ok_or_else(|| Error::InvalidInput(Refusal::NoHouseholdHere.with(&[&household])))?;
        if meta.doc_type != DocKind::Household {
            return Err(Error::InvalidInput(Refusal::NoHouseholdHere.with(&[&household])));
        }
        Ok(household::voters::voters(&doc))
    }

    /// One proposal, as it stands on this device: read from its query-table row, written with
    /// every change of the document, so showing a vote of 2,000 households loads no document.
    pub fn proposal(&self, id: DocId) -> Result<ProposalView> {
        self.store()
            .read(|c| proposals::get(c, id))?
            .ok_or_else(|| Error::InvalidInput(Refusal::NoProposalHere.with(&[&id])))
    }

    /// Proposals put to `group` and the groups inside it (all if `None`), newest first.
    pub fn proposals(&self, group: Option<DocId>) -> Result<Vec<ProposalView>> {
        let scope = self.scope(group)?;
        self.store().read(|c| proposals::list(c, &scope))
    }

    /// The result of a proposal's vote as this device computes it now: final once the vote is
    /// closed and the relay's receipts have reached this device.
    pub fn tally(&self, id: DocId) -> Result<Tally> {
        Ok(proposal::tally(&self.proposal(id)?, self.now()))
    }

    /// Adds a comment to a proposal's discussion.
    pub fn comment_proposal(&self, id: DocId, text: &str) -> Result<()> {
        self.on_proposal(id, |doc, me, _, now| proposal::comment(doc, me, text, now))
    }

    /// Casts this member's ballot for the unit they are on the roll for, choosing options by
    /// their words ("yes", an option's text) or their position counted from 1. A later ballot
    /// replaces it once the relay receives it; one reaching the relay after the close is
    /// refused, and `refused` keeps the relay's reason. Returns the ballot's key.
    pub fn vote(&self, id: DocId, choices: &[String]) -> Result<String> {
        let view = self.proposal(id)?;
        if view.secret {
            return Err(Error::InvalidInput(Refusal::SecretNeedsRelay.into()));
        }
        let picked = choices
            .iter()
            .map(|c| choice_position(&view, c))
            .collect::<Result<Vec<u32>>>()?;
        self.on_proposal(id, |doc, me, _, now| proposal::cast(doc, me.id, &picked, now))
    }

    /// A secret ballot ready to send: the choices by position and a receipt made from a fresh
    /// random nonce, checked as the relay will check it (by this phone's clock). The ballot to
    /// keep once the relay took it comes with it.
    pub fn prepare_secret_ballot(&self, id: DocId, choices: &[String]) -> Result<(SecretBallotBody, KeptBallot)> {
        let me = self.me()?;
        let view = self.proposal(id)?;
        if !view.secret {
            return Err(Error::InvalidInput(Refusal::BallotsOpen.into()));
        }
        let picked = choices
            .iter()
            .map(|c| choice_position(&view, c))
            .collect::<Result<Vec<u32>>>()?;
        let now = self.now();
        proposal::may_vote(&view, me.member_id, &picked, now)?;
        let nonce = format!("{}{}", DocId::random(), DocId::random());
        let receipt = secret::receipt(&nonce, &picked);
        let kept = KeptBallot {
            choices: picked.clone(),
            nonce,
            receipt: receipt.clone(),
            cast_at: now,
        };
        Ok((
            SecretBallotBody {
                choices: picked,
                receipt,
            },
            kept,
        ))
    }

    /// Keeps the secret ballot the relay took (its nonce never leaves this phone): the latest
    /// one cast on this phone for `id`.
    pub fn keep_secret_ballot(&self, id: DocId, kept: &KeptBallot) -> Result<()> {
        self.set_setting(&ballot_key(id), kept)
    }

    /// This phone's latest secret ballot on `id`, if it cast one: find its receipt among the
    /// sealed ballots to see it was counted as cast.
    pub fn my_secret_ballot(&self, id: DocId) -> Result<Option<KeptBallot>> {
        self.setting(&ballot_key(id))
    }

    /// Staff close the vote early, when the proposal allows it; it closes when the relay
    /// receives this.
    pub fn close_proposal(&self, id: DocId) -> Result<()> {
        self.on_proposal(id, |doc, me, staff, now| proposal::close_early(doc, me.id, staff, now))
    }

    fn on_proposal<T>(
        &self,
        id: DocId,
        f: impl FnOnce(&mut automerge::AutoCommit, Actor<'_>, bool, jinlin_model::Millis) -> Result<T>,
    ) -> Result<T> {
        let me = self.me()?;
        let group_id = self.proposal(id)?.group_id;
        let staff = self.staff_in(group_id, me.member_id)?;
        let out = self.change(id, DocKind::Proposal, |doc, now| {
            f(
                doc,
                Actor {
                    id: me.member_id,
                    name: &me.name,
                },
                staff,
                now,
            )
        })?;
        self.emit(Event::ProposalChanged {
            id,
            group_id,
            origin: Origin::Local,
        });
        Ok(out)
    }
}

/// A secret ballot as this phone keeps it: the choices, the nonce only this phone knows, the
/// receipt sent to the relay, and when it was cast.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct KeptBallot {
    /// The options chosen, by position.
    pub choices: Vec<u32>,
    /// The random nonce the receipt hashes.
    pub nonce: String,
    /// The receipt.
    pub receipt: String,
    /// When it was cast, by this phone's clock.
    pub cast_at: jinlin_model::Millis,
}

fn ballot_key(id: DocId) -> String {
    format!("ballot.{id}")
}

/// The position of the option a voter named: its words (any case) or its number from 1.
fn choice_position(view: &ProposalView, said: &str) -> Result<u32> {
    let said = said.trim();
    if let Some(i) = view.options.iter().position(|o| o.eq_ignore_ascii_case(said)) {
        return Ok(i as u32);
    }
    match said.parse::<usize>() {
        Ok(n) if (1..=view.options.len()).contains(&n) => Ok((n - 1) as u32),
        _ => Err(Error::InvalidInput(
            Refusal::NotAnOption.with(&[&format_args!("{said:?}"), &view.options.join(", ")]),
        )),
    }
}
