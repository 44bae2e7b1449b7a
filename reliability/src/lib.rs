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

/// The `jinlin-relay` binary next to the running test executable, built (or brought up to date)
/// first; harnesses run it as a real process to kill it or read its logs.
pub fn relay_binary() -> anyhow::Result<std::path::PathBuf> {
    use anyhow::Context;
    static BUILT: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    if let Some(bin) = BUILT.get() {
        return Ok(bin.clone());
    }
    // Tests run from target/<profile>/deps/; binaries sit in target/<profile>/.
    let exe = std::env::current_exe()?;
    let profile_dir = exe
        .parent()
        .and_then(std::path::Path::parent)
        .context("the test executable is not inside target/<profile>/deps")?
        .to_path_buf();
    let mut build = std::process::Command::new(env!("CARGO"));
    build
        .args(["build", "--quiet", "-p", "jinlin-relay", "--bin", "jinlin-relay"])
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    if profile_dir.file_name().is_some_and(|n| n == "release") {
        build.arg("--release");
    }
    anyhow::ensure!(build.status()?.success(), "building jinlin-relay failed");
    let bin = profile_dir.join(format!("jinlin-relay{}", std::env::consts::EXE_SUFFIX));
    anyhow::ensure!(bin.exists(), "{} was not built", bin.display());
    Ok(BUILT.get_or_init(|| bin).clone())
}
