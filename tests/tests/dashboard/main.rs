//! The relay's web dashboard, driven in a real headless Chromium over WebDriver against a real
//! relay on loopback, with phones in a community → estate → building tree (`support.rs`).
//! Screenshots of each page are saved in `target/dashboard-screenshots/`.
//!
//! Run: `cargo test --workspace --test dashboard` (Chromium: `scripts/browser-deps.sh`).

mod access;
mod now;
mod orders;
mod pages;
mod signin;
mod support;
mod votes;
