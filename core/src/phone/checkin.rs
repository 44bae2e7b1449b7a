//! The phone's side of the daily check-in: "I'm fine" (kept first, sent at once or on the first
//! link), and "she needs help", which raises the urgent hospital request for her, with her
//! building and unit, syncs it, and answers the alarm pointing at it.

use jinlin_model::checkin::Answer;
use jinlin_model::checkin::wire::PairingView;
use jinlin_model::docs::request::NewRequest;
use jinlin_model::refusal::Refusal;
use jinlin_model::{Place, RequestKind};

use super::Phone;
use crate::net::checkin::{self, CheckedIn};
use crate::net::client::ClientOptions;
use crate::{DocId, Error, Result};

impl Phone {
    /// "I'm fine": kept on the phone with the time of the tap and sent at once (trying as hard as
    /// `options` say), or on the first link when there is none now (`None`: offline).
    pub async fn check_in(&self, options: Option<ClientOptions>) -> Result<CheckedIn> {
        let client = match options {
            None => None,
            Some(o) => Some(self.client_with(o)?.ok_or(Error::NoIdentity)?),
        };
        checkin::check_in(self.device(), client.as_ref()).await
    }

    /// "She needs help": raises the urgent hospital request for the person of pairing `id` at her
    /// place (in her building's group if this phone has it, else this member's own), sends it,
    /// and answers the alarm with it. Returns the request and the pairing as it now stands.
    pub async fn needs_help(&self, id: DocId, text: &str) -> Result<(DocId, PairingView)> {
        let client = self.client()?;
        let v = client.pairing(id).await?;
        let groups = self.device().groups()?;
        let group = if groups.iter().any(|g| g.id == v.pairing.group_id) {
            v.pairing.group_id
        } else {
            self.device()
                .own_group()?
                .map(|g| g.id)
                .ok_or_else(|| Error::InvalidInput(Refusal::NoGroupToRaiseIn.into()))?
        };
        let request = self.device().raise(NewRequest {
            group_id: group,
            kind: RequestKind::Hospital,
            urgent: true,
            text: text.to_string(),
            slots: 1,
            on_behalf_of: Some(v.pairing.name.clone()),
            place: Place {
                building: Some(v.pairing.building.clone()),
                unit: v.pairing.unit.clone(),
                lat: None,
                lon: None,
            },
        })?;
        self.sync().await?;
        let v = client.answer_checkin(id, Answer::NeedsHelp { request }).await?;
        Ok((request, v))
    }
}

/// The setting that keeps the pairings last seen, so the lifeline shows without a link.
pub const KNOWN_PAIRINGS: &str = "checkin.pairings";

impl Phone {
    /// The pairings this member may see: from the relay (kept on the phone for the lifeline),
    /// or, without a link, as last seen.
    pub async fn pairings(&self, options: ClientOptions) -> Result<(Vec<PairingView>, bool)> {
        let client = self.client_with(options)?.ok_or(Error::NoIdentity)?;
        match client.pairings().await {
            Ok(list) => {
                self.device().set_setting(KNOWN_PAIRINGS, &list)?;
                Ok((list, true))
            }
            Err(Error::Offline(m)) => match self.device().setting::<Vec<PairingView>>(KNOWN_PAIRINGS)? {
                Some(list) => Ok((list, false)),
                None => Err(Error::Offline(m)),
            },
            Err(e) => Err(e),
        }
    }
}
