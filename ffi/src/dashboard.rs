//! Signing a browser in to the relay's dashboard from the phone: the member of staff types (or
//! scans) the code the browser shows, and the browser acts as them.

use std::time::SystemTime;

use crate::client::JinlinClient;
use crate::error::JinlinError;
use crate::relay::registered;
use crate::runtime::spawn;
use crate::time::to_system_time;
use jinlin_model::refusal::Refusal;

/// A browser signed in to the dashboard.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DashboardApprovalView {
    /// The member the browser acts as (this phone's).
    pub member_id: String,
    /// When its session ends at the latest.
    pub expires_at: SystemTime,
}

#[uniffi::export(async_runtime = "tokio")]
impl JinlinClient {
    /// Signs in the dashboard browser showing `code` (`ABCD-EFGH`, or the text of its QR code).
    /// Refused for a member who is not staff, a grid worker or a building leader.
    pub async fn approve_dashboard(&self, code: String) -> Result<DashboardApprovalView, JinlinError> {
        let code = code.trim().trim_start_matches("jinlin:dashboard:").to_string();
        if code.is_empty() {
            return Err(JinlinError::InvalidInput {
                reason: Refusal::TypeDeskCode.into(),
            });
        }
        let device = self.device().clone();
        spawn(async move {
            let a = registered(&device)?.approve_dashboard(&code).await?;
            Ok(DashboardApprovalView {
                member_id: a.member_id.to_string(),
                expires_at: to_system_time(a.expires_at),
            })
        })
        .await
    }
}
