//! Who is coming: the confirmed / standby / tentative view of a request's sign-ups.
//!
//! This is a pure function of the document, so every device that holds the same document shows
//! the same view, whatever order it merged changes in:
//! - A sign-up is *tentative* until the relay has written its arrival number (`relay_order`).
//! - Sign-ups the requester picked by hand are confirmed first, in the order they were picked.
//! - The remaining slots go to the other active sign-ups in relay order; the rest are *standby*.
//! - A withdrawn sign-up takes no slot, so the first in line moves up.
//! - A member counts once: if they have more than one active sign-up (two phones, say), the one
//!   earliest in line stands for them.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::clock::Millis;
use crate::ids::{MemberId, SignupId};
use crate::kinds::SignupState;

/// One sign-up as stored in a request document.
#[derive(Debug, Clone, PartialEq)]
pub struct SignupRecord {
    /// The sign-up's id (its key in the document).
    pub id: SignupId,
    /// Who signed up.
    pub member: MemberId,
    /// Their display name when they signed up.
    pub name: String,
    /// When they signed up, by their device's clock.
    pub at: Millis,
    /// When they withdrew, if they did.
    pub withdrawn_at: Option<Millis>,
    /// The relay's arrival number, once the relay has seen the sign-up.
    pub relay_order: Option<i64>,
    /// When the requester picked this volunteer by hand, if they did.
    pub picked_at: Option<Millis>,
}

impl SignupRecord {
    fn active(&self) -> bool {
        self.withdrawn_at.is_none()
    }
    /// Line order: relay-ordered sign-ups by arrival number, then tentative ones by time.
    fn line_key(&self) -> (bool, i64, Millis, SignupId) {
        (
            self.relay_order.is_none(),
            self.relay_order.unwrap_or(0),
            self.at,
            self.id,
        )
    }
}

/// One active sign-up as a person sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignupView {
    /// The sign-up's id.
    pub id: SignupId,
    /// Who signed up.
    pub member_id: MemberId,
    /// Their display name.
    pub member_name: String,
    /// Confirmed, standby or tentative.
    pub state: SignupState,
    /// Picked by the requester by hand.
    pub picked: bool,
    /// The relay's arrival number, once known.
    pub relay_order: Option<i64>,
    /// When they signed up.
    pub at: Millis,
}

/// Computes the view of `records` for a request that needs `slots` volunteers.
/// Confirmed sign-ups come first, then standby in line order, then tentative ones.
pub fn view(records: &[SignupRecord], slots: u32) -> Vec<SignupView> {
    let mut active: Vec<&SignupRecord> = records.iter().filter(|r| r.active()).collect();
    active.sort_by_key(|r| r.line_key());
    let mut seen = HashSet::new();
    active.retain(|r| seen.insert(r.member));

    let slots = slots as usize;
    let mut picked: Vec<&SignupRecord> = active.iter().copied().filter(|r| r.picked_at.is_some()).collect();
    picked.sort_by_key(|r| (r.picked_at, r.id));
    picked.truncate(slots);
    let picked_ids: HashSet<SignupId> = picked.iter().map(|r| r.id).collect();

    let mut out: Vec<SignupView> = picked.iter().map(|r| make(r, SignupState::Confirmed)).collect();
    for r in active.iter().filter(|r| !picked_ids.contains(&r.id)) {
        let state = match r.relay_order {
            None => SignupState::Tentative,
            Some(_) if out.len() < slots => SignupState::Confirmed,
            Some(_) => SignupState::Standby,
        };
        out.push(make(r, state));
    }
    out
}

fn make(r: &SignupRecord, state: SignupState) -> SignupView {
    SignupView {
        id: r.id,
        member_id: r.member,
        member_name: r.name.clone(),
        state,
        picked: r.picked_at.is_some(),
        relay_order: r.relay_order,
        at: r.at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(n: u8, order: Option<i64>) -> SignupRecord {
        SignupRecord {
            id: SignupId::from_bytes([n; 16]),
            member: MemberId::from_bytes([n; 16]),
            name: format!("v{n}"),
            at: i64::from(n),
            withdrawn_at: None,
            relay_order: order,
            picked_at: None,
        }
    }

    fn states(v: &[SignupView]) -> Vec<(String, SignupState)> {
        v.iter().map(|s| (s.member_name.clone(), s.state)).collect()
    }

    #[test]
    fn first_in_relay_order_is_confirmed_and_the_rest_stand_by() {
        let v = view(&[rec(1, Some(2)), rec(2, Some(1)), rec(3, None)], 1);
        assert_eq!(
            states(&v),
            vec![
                ("v2".into(), SignupState::Confirmed),
                ("v1".into(), SignupState::Standby),
                ("v3".into(), SignupState::Tentative)
            ]
        );
    }

    #[test]
    fn a_withdrawal_promotes_the_first_standby() {
        let mut first = rec(1, Some(1));
        first.withdrawn_at = Some(9);
        let v = view(&[first, rec(2, Some(2)), rec(3, Some(3))], 1);
        assert_eq!(
            states(&v),
            vec![
                ("v2".into(), SignupState::Confirmed),
                ("v3".into(), SignupState::Standby)
            ]
        );
    }

    #[test]
    fn a_pick_overrides_relay_order_even_for_a_tentative_sign_up() {
        let mut late = rec(3, None);
        late.picked_at = Some(50);
        let v = view(&[rec(1, Some(1)), rec(2, Some(2)), late], 2);
        assert_eq!(
            states(&v),
            vec![
                ("v3".into(), SignupState::Confirmed),
                ("v1".into(), SignupState::Confirmed),
                ("v2".into(), SignupState::Standby)
            ]
        );
    }

    #[test]
    fn picks_beyond_the_slots_do_not_overfill() {
        let mut a = rec(1, Some(2));
        a.picked_at = Some(1);
        let mut b = rec(2, Some(1));
        b.picked_at = Some(2);
        let v = view(&[a, b], 1);
        assert_eq!(
            states(&v),
            vec![
                ("v1".into(), SignupState::Confirmed),
                ("v2".into(), SignupState::Standby)
            ]
        );
    }

    #[test]
    fn a_member_with_two_sign_ups_counts_once() {
        let mut again = rec(1, Some(5));
        again.id = SignupId::from_bytes([9; 16]);
        let v = view(&[rec(1, Some(1)), again, rec(2, Some(2))], 2);
        assert_eq!(v.len(), 2);
        assert!(v.iter().all(|s| s.state == SignupState::Confirmed));
    }
}
