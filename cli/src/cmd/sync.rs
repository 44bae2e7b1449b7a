//! `sync`: exchange with the relay now.

use anyhow::Result;

use crate::home::Home;
use crate::output::{EXIT_REFUSED, Output};

/// Runs a full sync. When the relay cannot be reached this fails (exit code 3) and nothing on
/// this device changes. When the relay refused something the report is printed all the same,
/// naming each refusal, and the exit code is 4.
pub async fn sync(home: &Home) -> Result<Output> {
    let url = home.relay()?.map(|r| r.url).unwrap_or_default();
    let report = home.sync().await?;
    let mut text = format!(
        "Synced with {url}: sent {} change(s), received {} change(s)",
        report.sent_changes, report.received_changes
    );
    if report.received_saved > 0 {
        text.push_str(&format!(" and {} whole item(s)", report.received_saved));
    }
    if report.changed_docs > 0 {
        text.push_str(&format!("; {} item(s) updated here", report.changed_docs));
    }
    text.push('.');
    if report.pending > 0 {
        text.push_str(&format!(" {} item(s) still waiting to be sent.", report.pending));
    }
    for r in &report.rejected {
        if r.set_aside > 0 {
            text.push_str(&format!(
                "\nThe relay refused {} change(s) to {}: {}. They no longer wait to be sent; `jinlin refused` lists them.",
                r.set_aside, r.doc_id, r.reason
            ));
        } else {
            text.push_str(&format!(
                "\nNot sent: {}: {} (kept on this device).",
                r.doc_id, r.reason
            ));
        }
    }
    let exit = if report.rejected.is_empty() { 0 } else { EXIT_REFUSED };
    Ok(Output::new(&report, text)?.exit_with(exit))
}
