//! Urgent alerts on the command line: `request alerts ID --follow` (and `request raise --urgent`
//! for a person at a terminal) follows the waves and receipts until enough people are coming (or
//! Ctrl-C), `request decline`, `request alerts`.

use std::time::Duration;

use anyhow::{Result, bail};
use jinlin_core::DocId;
use jinlin_core::net::client::ClientOptions;
use jinlin_core::phone::RelayHeard;
use jinlin_model::protocol::AlertReceipts;
use serde_json::json;

use crate::home::Home;
use crate::ids;
use crate::lang::t;
use crate::output::{self, Output};

/// How often `raise --urgent` asks the relay for the receipts.
pub const FOLLOW_EVERY: Duration = Duration::from_millis(500);

/// "wave 2 · alerted 5 · delivered 5 · seen 3 · 1 declined · 1 of 2 coming".
pub fn receipts_line(r: &AlertReceipts) -> String {
    let declined = if r.declined > 0 {
        t!("receipts-declined", count = r.declined)
    } else {
        String::new()
    };
    t!(
        "receipts",
        wave = r.wave,
        alerted = r.alerted,
        delivered = r.delivered,
        seen = r.seen,
        declined = declined,
        coming = r.coming,
        slots = r.slots
    )
}

/// Prints each change in an urgent request's receipts, until the slots are filled, the request
/// is closed, or Ctrl-C: lines of text, or with `--json` one JSON object per line (like `watch`).
pub async fn follow(home: &Home, id: DocId, json: bool) -> Result<Output> {
    let client = home.client(ClientOptions::quick())?;
    if !json {
        output::line(&t!("follow-start"));
    }
    let stop = tokio::signal::ctrl_c();
    tokio::pin!(stop);
    let mut last: Option<AlertReceipts> = None;
    loop {
        match client.alert_receipts(id).await {
            Ok(r) => {
                if last.as_ref() != Some(&r) {
                    if json {
                        let mut v = serde_json::to_value(&r)?;
                        if let serde_json::Value::Object(m) = &mut v {
                            m.insert("event".into(), "receipts".into());
                        }
                        output::line(&output::json_line(v));
                    } else {
                        if last.as_ref().is_none_or(|l| l.wave != r.wave) && r.wave > 1 {
                            output::line(&t!("follow-widening", wave = r.wave));
                        }
                        output::line(&receipts_line(&r));
                    }
                }
                let done = r.finished || r.coming >= r.slots;
                last = Some(r);
                if done {
                    if !json {
                        output::line(&t!("follow-enough"));
                    }
                    break;
                }
            }
            // A refusal before anything was shown (not urgent, not yours) is the answer.
            Err(e @ jinlin_core::Error::Relay { .. }) if last.is_none() => return Err(e.into()),
            Err(e) => tracing::debug!(error = %e, "receipts not read; trying again"),
        }
        tokio::select! {
            _ = &mut stop => break,
            () = tokio::time::sleep(FOLLOW_EVERY) => {}
        }
    }
    let _ = home.try_sync().await;
    Ok(Output::silent())
}

/// `request decline ID`: the phone's decline (hidden from this device's nearby list, and the
/// relay told so the alert passes on). It needs the relay: refused with `--offline` before
/// anything is written; when the relay does not take it the command fails, saying the request
/// is hidden here all the same.
pub async fn decline(home: &Home, id: &str) -> Result<Output> {
    let id = ids::request(&home.phone, id)?;
    home.client(ClientOptions::default())?;
    match home.phone.decline(id).await?.relay {
        RelayHeard::Heard => {}
        RelayHeard::NotRegistered => bail!(t!("not-registered")),
        RelayHeard::NotHeard(e @ jinlin_core::Error::Offline(_)) => return Err(e.into()),
        RelayHeard::NotHeard(e) => {
            return Err(anyhow::Error::new(e).context(t!("decline-not-taken")));
        }
    }
    Output::new(json!({ "id": id, "declined": true }), t!("declined"))
}

/// `request alerts ID`.
pub async fn receipts(home: &Home, id: &str) -> Result<Output> {
    let id = ids::request(&home.phone, id)?;
    let r = home.client(ClientOptions::default())?.alert_receipts(id).await?;
    let text = receipts_line(&r);
    Output::new(&r, text)
}
