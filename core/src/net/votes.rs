//! The device's calls about secret ballots (`/v1/proposals/{id}/…`): casting one straight to the
//! relay, and asking for a closed vote's seal. An open ballot travels with sync like any change.

use reqwest::Method;

use crate::net::client::{RelayClient, Repeat, from_json};
use jinlin_model::docs::proposal::secret::{Sealed, SecretBallotBody, SecretReceipt};
use jinlin_model::error::Result;
use jinlin_model::ids::DocId;

impl RelayClient {
    /// `POST /v1/proposals/{id}/ballots`: a secret ballot, kept by the relay alone until the seal.
    /// Casting the same ballot twice changes nothing, so it may be repeated.
    pub async fn cast_secret(&self, id: DocId, body: &SecretBallotBody) -> Result<SecretReceipt> {
        let path = format!("/v1/proposals/{id}/ballots");
        let answer = self.json_call(Method::POST, &path, Some(body), Repeat::Safe).await?;
        from_json(&answer)
    }

    /// `POST /v1/proposals/{id}/seal`: the sealed result of a closed secret vote (sealed into the
    /// proposal now if nobody asked before).
    pub async fn seal(&self, id: DocId) -> Result<Sealed> {
        let path = format!("/v1/proposals/{id}/seal");
        let answer = self.json_call::<()>(Method::POST, &path, None, Repeat::Safe).await?;
        from_json(&answer)
    }
}
