//! `watch`: keeps the live channel open and prints every event as one JSON line, until Ctrl-C
//! (or SIGTERM). Request and group events carry the item as it now stands.

use std::sync::Arc;

use anyhow::Result;
use jinlin_core::net::client::ClientOptions;
use jinlin_core::{Device, Event};
use serde_json::{Value, json};
use tokio::sync::broadcast::error::RecvError;

use crate::home::Home;
use crate::output::{self, Output};

/// Runs until interrupted.
pub async fn watch(home: Home) -> Result<Output> {
    let client = home.client(ClientOptions::default())?;
    let device = Arc::clone(home.phone.device());
    let mut events = device.subscribe();
    let channel = home.phone.go_live()?;
    let stop = shutdown();
    tokio::pin!(stop);
    loop {
        tokio::select! {
            () = &mut stop => break,
            event = events.recv() => match event {
                Ok(event) => {
                    output::line(&output::json_line(describe(&device, &event)));
                    // Shown to the member: the relay records the alert as seen.
                    if let Event::Alerted { id, .. } = event {
                        let client = client.clone();
                        tokio::spawn(async move {
                            if let Err(e) = client.alert_seen(id).await {
                                tracing::debug!(error = %e, "seen receipt not sent");
                            }
                        });
                    }
                }
                Err(RecvError::Lagged(missed)) => output::line(&json!({ "event": "lagged", "missed": missed }).to_string()),
                Err(RecvError::Closed) => break,
            },
        }
    }
    channel.cancel();
    Ok(Output::silent())
}

/// The event as JSON, with the request or group it is about.
fn describe(device: &Device, event: &Event) -> Value {
    let mut value = serde_json::to_value(event).unwrap_or(Value::Null);
    let extra = match event {
        Event::RequestChanged { id, .. } | Event::Alerted { id, .. } => device
            .request(*id)
            .ok()
            .and_then(|r| serde_json::to_value(r).ok())
            .map(|r| ("request", r)),
        Event::GroupChanged { id, .. } => device
            .group(*id)
            .ok()
            .and_then(|g| serde_json::to_value(g).ok())
            .map(|g| ("group", g)),
        _ => None,
    };
    if let (Value::Object(map), Some((key, item))) = (&mut value, extra) {
        map.insert(key.to_string(), item);
    }
    value
}

/// Resolves on Ctrl-C or SIGTERM.
pub(crate) async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}
