//! `refused`: the changes this device made that the relay refused, with its reasons. They left
//! the outbox when the refusal arrived (nothing waits on them, `signout` is not held up by them)
//! and the documents were rebuilt without them; their bytes stay in the store.

use anyhow::Result;
use serde_json::json;

use crate::home::Home;
use crate::lang::{self, t};
use crate::output::Output;

/// Lists the refused changes, newest first, each reason in the chosen language. JSON:
/// `{"refused": [{doc_id, doc_type, group_id, change, reason, refused_at}]}`, the reason as the
/// relay sent it.
pub fn list(home: &Home) -> Result<Output> {
    let refused = home.phone.refused()?;
    let mut text = if refused.is_empty() {
        t!("refused-none")
    } else {
        t!("refused-some", count = refused.len())
    };
    for r in &refused {
        text.push_str(&format!(
            "\n  {} {} (change {}): {}",
            r.doc_type,
            r.doc_id,
            &r.change[..r.change.len().min(12)],
            lang::refusal(&r.reason)
        ));
    }
    Output::new(json!({ "refused": refused }), text)
}
