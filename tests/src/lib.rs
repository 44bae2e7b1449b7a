//! The one test harness for everything run against a relay under test: the end-to-end tests
//! here, the relay's own tests of devices and the wire (`tests/relay`), the alert tests and the
//! reliability harnesses all start their relay, phones and neighbourhood from this crate.
//!
//! - [`relay`]: [`Relay`], a real relay on 127.0.0.1 (its data directory outliving restarts,
//!   settings changed per test, optionally a hand-set clock; its data in a fresh PostgreSQL
//!   schema when `JINLIN_TEST_DATABASE_URL` is set).
//! - [`phone`]: [`Phone`], the core's phone over its own SQLite store, with quick timeouts.
//! - [`hood`]: the neighbourhood a test starts from: register, create a community (or the
//!   community → estate → buildings [`Tree`]), invite, join, sync ([`admit`]).
//! - [`wire`]: the relay seen from the wire: a raw HTTP client and a device whose sync is built
//!   by hand, for tests of the protocol itself.
//! - [`browser`]: headless Chromium over WebDriver, for the dashboard's tests.
//! - [`cli`]: the built `jinlin` binary and what one run printed.
//! - [`process`]: the `jinlin-relay` binary run as a process, to kill or stop.
//!
//! Tests read as the story they check: a phone [`Phone::raise`]s, another [`Phone::sync`]s, and
//! [`states`] says who is confirmed.

pub mod browser;
pub mod cli;
pub mod hood;
pub mod neighbourhood;
pub mod phone;
pub mod process;
pub mod relay;
pub mod wire;

use std::time::Duration;

use jinlin_core::{RequestView, SignupState};

pub use cli::{Run, jinlin, jinlin_bin, jinlin_in, jinlin_json};
pub use hood::{Tree, admit, community, tree};
pub use phone::{Phone, test_live_options, test_options};
pub use relay::Relay;

/// How long a test waits for something that should happen at once (a live push, say).
pub const PATIENCE: Duration = Duration::from_secs(10);

/// The sign-ups of a request as (name, state), in the view's order.
pub fn states(view: &RequestView) -> Vec<(String, SignupState)> {
    view.signups.iter().map(|s| (s.member_name.clone(), s.state)).collect()
}

/// Waits until `check` holds, at most [`PATIENCE`]. Returns whether it did.
pub async fn eventually(mut check: impl FnMut() -> bool) -> bool {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        if check() {
            return true;
        }
        if tokio::time::Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A local port nothing listens on.
pub fn dead_relay_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    format!("http://{addr}")
}
