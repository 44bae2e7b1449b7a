//! A device that writes and syncs in a loop and says so: after every raise it prints
//! `ack raise ID TEXT`, after every comment `ack comment ID TEXT`, and after every sync that
//! returned `ack synced`, flushing each line, so whoever kills it knows exactly what was
//! acknowledged on the device and what by the relay.
//!
//! Usage: `crash-sync STORE_PATH SEED`. The store must already be registered with a relay and
//! be a member of a group.

use jinlin_core::net::round;
use std::io::Write;

use anyhow::{Context, Result};
use jinlin_core::net::client::{ClientOptions, RelayClient};
use jinlin_core::{Device, NewRequest, RequestFilter, RequestKind};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let path = args.next().context("usage: crash-sync STORE_PATH SEED")?;
    let seed: u64 = args.next().context("usage: crash-sync STORE_PATH SEED")?.parse()?;
    let mut rng = fastrand::Rng::with_seed(seed);
    let device = Device::open(&path)?;
    let group = device
        .groups()?
        .first()
        .map(|g| g.id)
        .context("the store has no group")?;
    let relay = RelayClient::for_device(&device, ClientOptions::quick())?.context("the store is not registered")?;
    let out = std::io::stdout();
    let mut open: Vec<_> = device
        .list_requests(&RequestFilter::default())?
        .iter()
        .map(|r| r.id)
        .collect();
    for i in 0u64.. {
        if !open.is_empty() && rng.bool() {
            let id = open[rng.usize(0..open.len())];
            let text = format!("comment {seed}-{i}");
            device.comment(id, &text)?;
            say(&out, &format!("ack comment {id} {text}"))?;
        } else {
            let text = format!("request {seed}-{i}");
            let id = device.raise(NewRequest::new(group, RequestKind::Errand, text.clone()))?;
            open.push(id);
            say(&out, &format!("ack raise {id} {text}"))?;
        }
        if round::sync(&device, &relay).await.is_ok() {
            say(&out, "ack synced")?;
        }
    }
    Ok(())
}

fn say(out: &std::io::Stdout, line: &str) -> Result<()> {
    let mut out = out.lock();
    writeln!(out, "{line}")?;
    out.flush()?;
    Ok(())
}
