//! Hostile input to the relay: documents that break the schema, oversized and malformed bodies,
//! unknown protocol versions, garbage on the live channel, and marker strings that must never
//! show in logs or errors. The relay answers a clear 4xx, stays healthy and stores nothing.

mod access;
mod bad_input;
mod common;
mod connections;
mod fields;
mod guard;
mod privacy;
mod quotas;
mod rate_limit;
mod steps;
