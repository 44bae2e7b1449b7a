//! Invite codes: made by staff (or, for residents and volunteers, by building leaders and grid
//! workers), redeemed by another device to join a group, revoked by staff or their maker.
//!
//! A code is [`CODE_LEN`] characters from an alphabet without look-alikes (no 0/O, 1/I/L), so it
//! can be read out over the phone; the relay keeps only the SHA-256 of its canonical form
//! (`jinlin_model::invite_code`, which also reads codes however they were typed). Redeeming records the
//! membership and writes the member's entry into the group document as the relay's own change,
//! which goes into the feed and out on the live channel like any other.

use jinlin_model::DocKind;
use std::sync::Arc;

use automerge::transaction::CommitOptions;
use jinlin_model::docs::group::{self, MemberEntry};
use jinlin_model::ids::relay_actor;
use jinlin_model::invite_code::{self, InviteCode};
use jinlin_model::protocol::{CreateInvite, Invite, Membership, RedeemInvite};
use jinlin_model::refusal::Refusal;
use jinlin_model::{DocId, Role};

use crate::auth::{random, sha256};
use crate::error::{AppError, Error};
use crate::live::{DocBatch, LiveChange, LiveEvent};
use crate::relay::{Relay, SNAPSHOT_EVERY};
use crate::store::{DeviceRecord, Digest, InviteRecord, NewChange, Write};

/// The code's length and alphabet live with its parsing, in the core.
pub use jinlin_model::invite_code::{ALPHABET, CODE_LEN};
/// Most redemptions one code may allow.
pub const MAX_USES: u32 = 1000;
/// Longest validity of a code: 30 days.
pub const MAX_EXPIRY_SECS: u64 = 30 * 24 * 3600;

const NO_SUCH_GROUP: &str = Refusal::NoSuchGroup.en();
const NO_SUCH_INVITE: &str = Refusal::NoSuchInvite.en();

/// A fresh code.
pub fn new_code() -> Result<InviteCode, Error> {
    let mut code = String::with_capacity(CODE_LEN);
    // Rejection sampling keeps every character equally likely.
    let limit = 256 - 256 % ALPHABET.len();
    while code.len() < CODE_LEN {
        let mut bytes = [0u8; 16];
        random(&mut bytes)?;
        for b in bytes {
            if (b as usize) < limit && code.len() < CODE_LEN {
                code.push(ALPHABET[b as usize % ALPHABET.len()] as char);
            }
        }
    }
    InviteCode::from_canonical(code).map_err(|e| Error::Task(e.to_string()))
}

/// The hash a code is stored under: the SHA-256 of its canonical form.
pub fn code_hash(code: &InviteCode) -> Digest {
    sha256(code.as_str().as_bytes())
}

impl Relay {
    /// Makes an invite to `group` for the device `by`.
    pub fn create_invite(&self, by: &DeviceRecord, group: DocId, req: &CreateInvite) -> Result<Invite, AppError> {
        let access = self.access(by.member_id)?;
        if !access.groups().contains(&group) {
            return Err(AppError::NotFound(NO_SUCH_GROUP));
        }
        let role = access.role_in(group);
        match role {
            Some(role) if role.may_invite(req.role) => {}
            Some(role) => {
                return Err(AppError::Forbidden(Refusal::CannotInvite.with(&[&role, &req.role])));
            }
            None => {
                return Err(AppError::Forbidden(Refusal::WhoInvites.into()));
            }
        }
        let (_, made_today) = self
            .store
            .made_since(by.member_id, self.now().saturating_sub(crate::relay::DAY_MS))?;
        if made_today >= self.quotas.invites_per_day {
            return Err(AppError::TooManyRequests(Refusal::InvitesPerDay.en()));
        }
        if !(1..=MAX_USES).contains(&req.uses) {
            return Err(AppError::BadRequest(Refusal::InviteUses.with(&[&MAX_USES, &req.uses])));
        }
        if !(1..=MAX_EXPIRY_SECS).contains(&req.expires_in_secs) {
            return Err(AppError::BadRequest(
                Refusal::InviteExpiry.with(&[&MAX_EXPIRY_SECS, &req.expires_in_secs]),
            ));
        }
        let building = match (req.role, req.building.as_deref().map(str::trim)) {
            (Role::BuildingLeader, Some(b)) if !b.is_empty() && b.chars().count() <= 32 => Some(b.to_string()),
            (Role::BuildingLeader, _) => {
                return Err(AppError::BadRequest(Refusal::LeaderInviteBuilding.into()));
            }
            (_, None) => None,
            (_, Some(_)) => {
                return Err(AppError::BadRequest(Refusal::OnlyLeaderInviteBuilding.into()));
            }
        };
        let code = new_code()?;
        let now = self.now();
        let record = InviteRecord {
            code_hash: code_hash(&code),
            group_id: group,
            role: req.role,
            uses_left: req.uses,
            expires_at: now.saturating_add((req.expires_in_secs as i64).saturating_mul(1000)),
            created_by: by.member_id,
            created_at: now,
            revoked_at: None,
            building,
        };
        {
            let _writer = self.writer()?;
            self.store.write(&[Write::PutInvite(record.clone())])?;
        }
        tracing::info!(group = %group, role = %req.role, uses = req.uses, "invite created");
        Ok(Invite {
            code: code.to_string(),
            group_id: group,
            role: record.role,
            uses_left: record.uses_left,
            expires_at: record.expires_at,
        })
    }

    /// Revokes an invite: staff of its group or the device that made it. Anyone else is told
    /// the code does not exist.
    pub fn revoke_invite(&self, by: &DeviceRecord, code: &str) -> Result<(), AppError> {
        // Text that cannot be a code is just another code that does not exist.
        let code = InviteCode::parse(code).map_err(|_| AppError::NotFound(NO_SUCH_INVITE))?;
        let hash = code_hash(&code);
        let access = self.access(by.member_id)?;
        let _writer = self.writer()?;
        let invite = self.store.invite(&hash)?.ok_or(AppError::NotFound(NO_SUCH_INVITE))?;
        let staff = access.role_in(invite.group_id) == Some(Role::Staff);
        if !(staff || invite.created_by == by.member_id) {
            return Err(AppError::NotFound(NO_SUCH_INVITE));
        }
        if invite.revoked_at.is_none() {
            self.store.write(&[Write::PutInvite(InviteRecord {
                revoked_at: Some(self.now()),
                ..invite.clone()
            })])?;
            tracing::info!(group = %invite.group_id, "invite revoked");
        }
        Ok(())
    }

    /// Redeems a code for the device `by`: checks it, records the membership and writes the
    /// member's entry into the group document as the relay's change.
    pub fn redeem(&self, by: &DeviceRecord, req: &RedeemInvite) -> Result<Membership, AppError> {
        let invite_code::Redemption { code, building, unit } =
            invite_code::check_redeem(req).map_err(|e| AppError::BadRequest(e.to_string()))?;
        // Text that cannot be a code is answered like a code that does not exist.
        let hash = code_hash(&code.ok_or(AppError::NotFound(NO_SUCH_INVITE))?);
        let mut cache = self.writer()?;
        let invite = self.store.invite(&hash)?.ok_or(AppError::NotFound(NO_SUCH_INVITE))?;
        let now = self.now();
        if invite.revoked_at.is_some() {
            return Err(AppError::Gone {
                code: "invite_revoked",
                message: Refusal::InviteRevoked.en(),
            });
        }
        if now >= invite.expires_at {
            return Err(AppError::Gone {
                code: "invite_expired",
                message: Refusal::InviteExpired.en(),
            });
        }
        if invite.uses_left == 0 {
            return Err(AppError::Gone {
                code: "invite_used_up",
                message: Refusal::InviteUsedUp.en(),
            });
        }
        let group = invite.group_id;
        let current = self
            .store
            .memberships(by.member_id)?
            .into_iter()
            .find(|m| m.group_id == group);
        // Redeeming never lowers a role the member already holds there, and then uses nothing.
        if let Some(m) = &current
            && m.role >= invite.role
        {
            return Ok(m.clone());
        }
        let membership = Membership {
            group_id: group,
            role: invite.role,
        };

        let cached = self.load(&mut cache, group)?;
        let doc = cached.doc_mut();
        // Only the joining member's entry: a community may list thousands.
        let old = group::member(doc, by.member_id);
        let old = old.as_ref();
        let entry = MemberEntry {
            name: by.name.clone(),
            role: invite.role,
            skills: old.map(|m| m.skills.clone()).unwrap_or_default(),
            // A leader's building is the invite's, whatever the redeemer asked for.
            building: invite
                .building
                .clone()
                .or(building)
                .or_else(|| old.and_then(|m| m.building.clone())),
            unit: unit.or_else(|| old.and_then(|m| m.unit.clone())),
        };
        doc.set_actor(relay_actor());
        if let Err(e) = group::put_member(doc, by.member_id, &entry, now) {
            doc.rollback();
            return Err(AppError::BadRequest(e.to_string()));
        }
        doc.commit_with(CommitOptions::default().with_time(now / 1000));
        let Some(mut change) = doc.get_last_local_change() else {
            cache.evict(group);
            return Err(Error::CorruptDocument {
                id: group.to_string(),
                reason: "the member entry made no change".into(),
            }
            .into());
        };
        let bytes = change.bytes().into_owned();
        let mut writes = vec![
            Write::PutInvite(InviteRecord {
                uses_left: invite.uses_left - 1,
                ..invite.clone()
            }),
            Write::PutMembership {
                member: by.member_id,
                membership: membership.clone(),
                at: now,
            },
            Write::AppendChange(NewChange {
                doc_id: group,
                group_id: group,
                hash: change.hash().0,
                bytes: bytes.clone(),
            }),
        ];
        cached.since_snapshot += 1;
        if cached.since_snapshot >= SNAPSHOT_EVERY {
            writes.push(Write::Snapshot {
                doc_id: group,
                bytes: cached.doc_mut().save(),
            });
            cached.since_snapshot = 0;
        }
        let seqs = match self.store.write(&writes) {
            Ok(seqs) => seqs,
            Err(e) => {
                cache.evict(group);
                return Err(e.into());
            }
        };
        tracing::info!(group = %group, role = %invite.role, "invite redeemed");
        self.publish(LiveEvent::AccessChanged(Some(by.member_id)));
        self.publish(LiveEvent::Changes(Arc::new(DocBatch::new(
            group,
            DocKind::Group,
            group,
            seqs.last().copied().unwrap_or(0),
            None,
            vec![LiveChange {
                bytes,
                by_author: false,
            }],
        ))));
        drop(cache);
        Ok(membership)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_short_and_use_no_look_alikes() {
        for _ in 0..100 {
            let code = new_code().expect("code").to_string();
            assert_eq!(code.len(), CODE_LEN);
            assert!(code.bytes().all(|b| ALPHABET.contains(&b)), "{code}");
            assert!(!code.contains(['0', 'O', '1', 'I', 'L']));
        }
    }

    #[test]
    fn a_code_matches_however_it_is_typed() {
        let typed = |s: &str| code_hash(&InviteCode::parse(s).expect("code"));
        assert_eq!(typed("ABCDE-FGHJK"), typed("abcde fghjk"));
        assert_ne!(typed("ABCDEFGHJK"), typed("ABCDEFGHJM"));
        // Codes made before parsing was strict were stored under the same hash.
        assert_eq!(typed("abcde-fghjk"), sha256(b"ABCDEFGHJK"));
    }
}
