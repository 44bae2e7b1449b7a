//! A device that writes as fast as it can and says so: after every call that returns, it prints
//! one `ack` line and flushes, so whoever kills it knows exactly which writes were acknowledged.
//!
//! Usage: `crash-device STORE_PATH SEED`. On a new store it makes an identity and a group first.

use std::io::Write;

use anyhow::{Context, Result};
use jinlin_core::{Device, GroupKind, NewRequest, RequestFilter, RequestKind};

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let path = args.next().context("usage: crash-device STORE_PATH SEED")?;
    let seed: u64 = args.next().context("usage: crash-device STORE_PATH SEED")?.parse()?;
    let mut rng = fastrand::Rng::with_seed(seed);
    let device = Device::open(&path)?;
    if device.identity()?.is_none() {
        device.set_identity("Crash Test", Some("3"), Some("101"))?;
    }
    let group = match device.groups()?.first() {
        Some(g) => g.id,
        None => device.create_group("Crash Estate", GroupKind::Estate, None)?,
    };
    let out = std::io::stdout();
    let mut out = out.lock();
    let mut open: Vec<_> = device
        .list_requests(&RequestFilter::default())?
        .iter()
        .map(|r| r.id)
        .collect();
    for i in 0u64.. {
        match rng.u8(0..3) {
            0 | 1 if !open.is_empty() => {
                let id = open[rng.usize(0..open.len())];
                let text = format!("comment {seed}-{i}");
                device.comment(id, &text)?;
                writeln!(out, "ack comment {id} {text}")?;
            }
            _ => {
                let mut r = NewRequest::new(group, RequestKind::Errand, format!("request {seed}-{i}"));
                r.urgent = rng.bool();
                let id = device.raise(r)?;
                open.push(id);
                writeln!(out, "ack raise {id} request {seed}-{i}")?;
            }
        }
        out.flush()?;
    }
    Ok(())
}
