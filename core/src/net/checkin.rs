//! The device's calls about paired neighbours and the daily check-in (`/v1/pairings…`,
//! `/v1/checkins`), and the check-in that waits on the phone while there is no link: "I'm fine"
//! is kept with the phone's time of the tap and sent on the first link (the next sync round), and
//! the relay decides whether that time still counts (`jinlin_model::checkin::checkins`).

use reqwest::Method;

use crate::device::Device;
use crate::net::client::{RelayClient, Repeat, from_json};
use jinlin_model::checkin::Answer;
use jinlin_model::checkin::pairing::NewPairing;
use jinlin_model::checkin::wire::{AnswerBody, CheckinBody, CheckinReply, DeadlineBody, PairingView, PauseBody};
use jinlin_model::clock::Millis;
use jinlin_model::error::{Error, Result};
use jinlin_model::ids::DocId;

/// The setting that keeps a check-in made without a link: the phone's time of the tap.
pub const PENDING_CHECKIN: &str = "checkin.pending";

impl RelayClient {
    /// `POST /v1/pairings`: pairs someone with their neighbours (staff, grid workers).
    pub async fn create_pairing(&self, new: &NewPairing) -> Result<PairingView> {
        let body = self
            .json_call(Method::POST, "/v1/pairings", Some(new), Repeat::OnlyIfUnsent)
            .await?;
        from_json(&body)
    }

    /// `GET /v1/pairings`: the pairings this member may see.
    pub async fn pairings(&self) -> Result<Vec<PairingView>> {
        let body = self
            .json_call::<()>(Method::GET, "/v1/pairings", None, Repeat::Safe)
            .await?;
        from_json(&body)
    }

    /// `GET /v1/pairings/{id}`.
    pub async fn pairing(&self, id: DocId) -> Result<PairingView> {
        let body = self
            .json_call::<()>(Method::GET, &format!("/v1/pairings/{id}"), None, Repeat::Safe)
            .await?;
        from_json(&body)
    }

    /// `POST /v1/pairings/{id}/accept`: this member accepts their side.
    pub async fn accept_pairing(&self, id: DocId) -> Result<PairingView> {
        let body = self
            .json_call::<()>(Method::POST, &format!("/v1/pairings/{id}/accept"), None, Repeat::Safe)
            .await?;
        from_json(&body)
    }

    /// `PUT /v1/pairings/{id}/deadline`.
    pub async fn set_checkin_deadline(&self, id: DocId, deadline: &DeadlineBody) -> Result<PairingView> {
        let path = format!("/v1/pairings/{id}/deadline");
        let body = self.json_call(Method::PUT, &path, Some(deadline), Repeat::Safe).await?;
        from_json(&body)
    }

    /// `PUT /v1/pairings/{id}/pause`: until a time, or `None` to resume.
    pub async fn pause_checkins(&self, id: DocId, until: Option<Millis>) -> Result<PairingView> {
        let path = format!("/v1/pairings/{id}/pause");
        let body = self
            .json_call(Method::PUT, &path, Some(&PauseBody { until }), Repeat::Safe)
            .await?;
        from_json(&body)
    }

    /// `POST /v1/pairings/{id}/answer`: on my way, she's fine, she needs help.
    pub async fn answer_checkin(&self, id: DocId, answer: Answer) -> Result<PairingView> {
        let path = format!("/v1/pairings/{id}/answer");
        let body = self
            .json_call(Method::POST, &path, Some(&AnswerBody { answer }), Repeat::Safe)
            .await?;
        from_json(&body)
    }

    /// `POST /v1/checkins`: "I'm fine", with the phone's time of the tap.
    pub async fn check_in(&self, signed_at: Millis) -> Result<CheckinReply> {
        let body = self
            .json_call(
                Method::POST,
                "/v1/checkins",
                Some(&CheckinBody { signed_at }),
                Repeat::Safe,
            )
            .await?;
        from_json(&body)
    }
}

/// What a tap on "I'm fine" did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckedIn {
    /// The relay has it.
    Sent(CheckinReply),
    /// No link: kept on the phone with the time of the tap, sent on the first link.
    Kept {
        /// The phone's time of the tap.
        signed_at: Millis,
    },
}

/// "I'm fine": kept on the phone first, then sent; without a link it waits for the next sync.
pub async fn check_in(device: &Device, client: Option<&RelayClient>) -> Result<CheckedIn> {
    let signed_at = device.now();
    device.set_setting(PENDING_CHECKIN, &signed_at)?;
    let Some(client) = client else {
        return Ok(CheckedIn::Kept { signed_at });
    };
    match send_pending(device, client).await {
        Ok(Some(reply)) => Ok(CheckedIn::Sent(reply)),
        Ok(None) => Ok(CheckedIn::Kept { signed_at }),
        Err(Error::Offline(_)) => Ok(CheckedIn::Kept { signed_at }),
        Err(e) => Err(e),
    }
}

/// Sends a check-in kept on the phone, if there is one; forgets it once the relay has it (or
/// refused it for good).
pub async fn send_pending(device: &Device, client: &RelayClient) -> Result<Option<CheckinReply>> {
    let Some(signed_at) = device.setting::<Millis>(PENDING_CHECKIN)? else {
        return Ok(None);
    };
    match client.check_in(signed_at).await {
        Ok(reply) => {
            forget_if_unchanged(device, signed_at)?;
            Ok(Some(reply))
        }
        Err(Error::Offline(m)) => Err(Error::Offline(m)),
        Err(e) => {
            // Refused (a clock far ahead, say): keeping it would only be refused again.
            forget_if_unchanged(device, signed_at)?;
            Err(e)
        }
    }
}

fn forget_if_unchanged(device: &Device, signed_at: Millis) -> Result<()> {
    // A newer tap made while this one was on its way stays to be sent.
    if device.setting::<Millis>(PENDING_CHECKIN)? == Some(signed_at) {
        device.remove_setting(PENDING_CHECKIN)?;
    }
    Ok(())
}
