//! `peer listen / sync / discover`: syncing with neighbours' phones on a local network when the
//! relay cannot be reached (`jinlin_core::net::peer`). What arrives is kept as changes the relay
//! does not hold yet, so the next `sync` carries it on, each change as its author's.

use std::sync::Arc;

use anyhow::{Context, Result};
use jinlin_core::net::peer;
use jinlin_model::peer::session::Report;
use serde::Serialize;
use serde_json::json;
use tokio::net::TcpListener;

use crate::args::PeerCommand;
use crate::home::Home;
use crate::lang::t;
use crate::output::{self, Output};

/// Runs a `peer` command.
pub async fn run(home: &Home, cmd: PeerCommand, json: bool) -> Result<Output> {
    match cmd {
        PeerCommand::Listen {
            port,
            host,
            no_announce,
        } => listen(home, &host, port, no_announce, json).await,
        PeerCommand::Sync { addr, community } => sync(home, &addr, community.as_deref()).await,
        PeerCommand::Discover { wait } => discover(wait).await,
    }
}

/// One session as `peer listen` reports it.
#[derive(Debug, Serialize)]
struct Served {
    #[serde(flatten)]
    report: Option<Report>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

fn described(report: &Report) -> String {
    let who = report.peer_name.clone().unwrap_or_else(|| t!("peer-a-neighbour"));
    let mut text = t!(
        "peer-synced",
        who = who,
        received = report.received_changes,
        docs = report.received_docs,
        sent = report.sent_changes
    );
    if report.withheld > 0 {
        text.push_str(&t!("peer-withheld", count = report.withheld));
    }
    text.push_str(&t!("sync-end"));
    for r in &report.refused {
        text.push('\n');
        text.push_str(&t!(
            "peer-refused-from",
            doc = r.doc_id.to_string(),
            reason = crate::lang::refusal(&r.reason)
        ));
    }
    for r in &report.refused_by_peer {
        text.push('\n');
        text.push_str(&t!(
            "peer-refused-by",
            doc = r.doc_id.to_string(),
            reason = crate::lang::refusal(&r.reason)
        ));
    }
    text
}

async fn listen(home: &Home, host: &str, port: u16, no_announce: bool, json: bool) -> Result<Output> {
    let listener = TcpListener::bind((host, port))
        .await
        .with_context(|| t!("peer-cannot-listen", host = host, port = port))?;
    let addr = listener.local_addr()?;
    let first = format!("listening on {addr}");
    if json {
        eprintln!("{first}");
    } else {
        output::line(&first);
    }
    let announced = if no_announce {
        None
    } else {
        match crate::mdns::announce(host, addr.port()) {
            Ok(a) => Some(a),
            Err(e) => {
                tracing::warn!(error = %e, "not announced on the network; neighbours need the address");
                None
            }
        }
    };
    let served: Arc<std::sync::Mutex<Vec<Served>>> = Arc::default();
    let log = Arc::clone(&served);
    let device = Arc::clone(home.phone.device());
    let serving = peer::serve(device, listener, move |outcome| {
        let entry = match outcome {
            Ok(report) => {
                if !json {
                    output::line(&described(&report));
                }
                Served {
                    report: Some(report),
                    error: None,
                }
            }
            Err(e) => {
                if !json {
                    output::line(&t!("peer-phone-refused", why = e.to_string()));
                }
                Served {
                    report: None,
                    error: Some(e.to_string()),
                }
            }
        };
        log.lock().unwrap_or_else(|p| p.into_inner()).push(entry);
    });
    tokio::select! {
        () = serving => {}
        () = crate::cmd::watch::shutdown() => {}
    }
    drop(announced);
    let sessions = std::mem::take(&mut *served.lock().unwrap_or_else(|p| p.into_inner()));
    let text = t!("peer-stopped", count = sessions.len());
    Output::new(json!({ "addr": addr.to_string(), "sessions": sessions }), text)
}

async fn sync(home: &Home, addr: &str, community: Option<&str>) -> Result<Output> {
    let community = community
        .map(|c| crate::ids::group(home.phone.device(), c))
        .transpose()?;
    let report = peer::connect(home.phone.device(), addr, community).await?;
    let text = described(&report);
    Output::new(&report, text)
}

async fn discover(wait: std::time::Duration) -> Result<Output> {
    let found = crate::mdns::discover(wait).await?;
    let text = if found.is_empty() {
        t!("peer-none")
    } else {
        found
            .iter()
            .map(|f| format!("{}  {}", f.name, f.addrs.join(" ")))
            .collect::<Vec<_>>()
            .join("\n")
    };
    Output::new(json!({ "peers": found }), text)
}
