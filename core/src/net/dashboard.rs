//! Signing a browser in to the relay's dashboard: the phone approves the short code the browser
//! shows (`POST /v1/dashboard/approve`), and the browser acts as this member until the session
//! ends, it signs out, or this phone is revoked. The relay refuses a member who is not staff, a
//! grid worker or a building leader.

use reqwest::Method;

use crate::net::client::{RelayClient, Repeat, from_json};
use jinlin_model::error::Result;
use jinlin_model::protocol::{DashboardApproval, DashboardApprove};

impl RelayClient {
    /// `POST /v1/dashboard/approve`: signs in the browser showing `code`.
    pub async fn approve_dashboard(&self, code: &str) -> Result<DashboardApproval> {
        let body = DashboardApprove {
            code: code.trim().to_string(),
        };
        let answer = self
            .json_call(Method::POST, "/v1/dashboard/approve", Some(&body), Repeat::OnlyIfUnsent)
            .await?;
        from_json(&answer)
    }
}
