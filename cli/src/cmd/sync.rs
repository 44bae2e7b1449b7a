//! `sync`: exchange with the relay now.

use anyhow::Result;

use crate::home::Home;
use crate::output::Output;

/// Runs a full sync. When the relay cannot be reached this fails (exit code 3) and nothing on
/// this device changes.
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
        text.push_str(&format!(
            "\nThe relay refused {}: {} (kept on this device).",
            r.doc_id, r.reason
        ));
    }
    Output::new(&report, text)
}
