//! `dashboard approve CODE`: signs in the browser showing CODE on the relay's dashboard
//! (`RELAY/dashboard`), as this device's member. The relay refuses a member who is not staff, a
//! grid worker or a building leader.

use anyhow::Result;
use jinlin_core::net::client::ClientOptions;

use crate::args::DashboardCommand;
use crate::home::Home;
use crate::lang::t;
use crate::output::Output;

/// Runs a `dashboard` command.
pub async fn run(home: &Home, cmd: DashboardCommand) -> Result<Output> {
    match cmd {
        DashboardCommand::Approve { code } => {
            let client = home.client(ClientOptions::default())?;
            let code = code.trim().trim_start_matches("jinlin:dashboard:").to_string();
            let approval = client.approve_dashboard(&code).await?;
            Output::new(&approval, t!("dashboard-approved"))
        }
    }
}
