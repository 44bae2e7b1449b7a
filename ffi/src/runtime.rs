//! The one tokio runtime the library owns.
//!
//! Foreign callers poll our futures from their own executors (Kotlin coroutines, Swift tasks),
//! where no tokio reactor runs. So every call hands its work to this runtime and awaits the
//! result: blocking store work through [`blocking`], async work (HTTP, the live channel)
//! through [`spawn`]. Listener tasks run here too.

use std::future::Future;
use std::sync::OnceLock;

use tokio::runtime::{Builder, Runtime};
use tokio::task::JoinHandle;

use crate::error::JinlinError;

static RUNTIME: OnceLock<Result<Runtime, String>> = OnceLock::new();

/// The runtime, built on first use with two worker threads.
pub fn runtime() -> Result<&'static Runtime, JinlinError> {
    RUNTIME
        .get_or_init(|| {
            Builder::new_multi_thread()
                .worker_threads(2)
                .thread_name("jinlin-ffi")
                .enable_all()
                .build()
                .map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|reason| JinlinError::Internal {
            reason: format!("cannot start the background runtime: {reason}"),
        })
}

/// Runs blocking work (SQLite) on the runtime's blocking pool and awaits its result.
pub async fn blocking<T, F>(f: F) -> Result<T, JinlinError>
where
    F: FnOnce() -> Result<T, JinlinError> + Send + 'static,
    T: Send + 'static,
{
    join(runtime()?.spawn_blocking(f)).await
}

/// Runs a future on the runtime and awaits its result.
pub async fn spawn<T, F>(fut: F) -> Result<T, JinlinError>
where
    F: Future<Output = Result<T, JinlinError>> + Send + 'static,
    T: Send + 'static,
{
    join(runtime()?.spawn(fut)).await
}

async fn join<T>(handle: JoinHandle<Result<T, JinlinError>>) -> Result<T, JinlinError> {
    match handle.await {
        Ok(out) => out,
        Err(e) => Err(JinlinError::Internal {
            reason: if e.is_panic() {
                "a background task failed".into()
            } else {
                "a background task was stopped".into()
            },
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::block_on;

    #[test]
    fn work_runs_on_the_library_runtime_from_a_caller_without_one() {
        let name = block_on(blocking(|| Ok(std::thread::current().name().map(str::to_string))));
        assert!(name.expect("ran").is_some());
        let inside = block_on(spawn(async { Ok(tokio::runtime::Handle::try_current().is_ok()) }));
        assert!(inside.expect("ran"), "async work sees a tokio reactor");
    }

    #[test]
    fn a_panicking_task_becomes_an_error_not_a_crash() {
        let out: Result<(), _> = block_on(blocking(|| panic!("boom")));
        assert!(matches!(out, Err(JinlinError::Internal { .. })));
    }
}
