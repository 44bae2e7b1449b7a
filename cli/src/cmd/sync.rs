//! `sync`: exchange with the relay now.

use anyhow::Result;

use crate::home::Home;
use crate::lang::{self, t};
use crate::output::{EXIT_REFUSED, Output};

/// Runs a full sync. When the relay cannot be reached this fails (exit code 3) and nothing on
/// this device changes. When the relay refused something the report is printed all the same,
/// naming each refusal, and the exit code is 4.
pub async fn sync(home: &Home) -> Result<Output> {
    let url = home.relay()?.map(|r| r.url).unwrap_or_default();
    let report = home.sync().await?;
    let mut text = t!(
        "sync-done",
        url = url,
        sent = report.sent_changes,
        received = report.received_changes
    );
    if report.received_saved > 0 {
        text.push_str(&t!("sync-saved", count = report.received_saved));
    }
    if report.changed_docs > 0 {
        text.push_str(&t!("sync-updated", count = report.changed_docs));
    }
    text.push_str(&t!("sync-end"));
    if report.pending > 0 {
        text.push_str(&t!("sync-pending", count = report.pending));
    }
    for r in &report.rejected {
        text.push('\n');
        text.push_str(&if r.set_aside > 0 {
            t!(
                "sync-set-aside",
                count = r.set_aside,
                doc = r.doc_id.to_string(),
                reason = lang::refusal(&r.reason)
            )
        } else {
            t!(
                "sync-not-sent",
                doc = r.doc_id.to_string(),
                reason = lang::refusal(&r.reason)
            )
        });
    }
    let exit = if report.rejected.is_empty() { 0 } else { EXIT_REFUSED };
    Ok(Output::new(&report, text)?.exit_with(exit))
}
