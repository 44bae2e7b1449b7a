//! Harnesses that try to break Jinlin: processes killed mid-write, a network that drops,
//! delays, duplicates and truncates, and hostile bytes. The tests in `tests/` drive them and
//! assert the promises in `docs/RELIABILITY.md`.

/// Number of runs a harness makes: `JINLIN_RUNS` if set, else `default`.
pub fn runs(default: usize) -> usize {
    std::env::var("JINLIN_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

pub mod proxy;
