//! The handle a subscription returns. The foreign side cannot cancel a Rust future, so a
//! listener runs as a task on the library's runtime and this handle stops it: on `cancel()`,
//! or when the handle is dropped (Kotlin `close()`, Swift deinit).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use tokio::task::JoinHandle;

/// Stops a running subscription on [`TaskHandle::cancel`] or on drop.
#[derive(Debug, uniffi::Object)]
pub struct TaskHandle {
    task: Mutex<Option<JoinHandle<()>>>,
    /// Set on cancel. Aborting a task takes effect only at its next await, and a task already
    /// running may find the next event ready without awaiting: a listener checks this first.
    stopped: Arc<AtomicBool>,
}

impl TaskHandle {
    /// Wraps a spawned task.
    pub fn new(task: JoinHandle<()>) -> Self {
        Self::stopping(task, Arc::new(AtomicBool::new(false)))
    }

    /// Wraps a spawned task that checks `stopped` before each call to its listener.
    pub fn stopping(task: JoinHandle<()>, stopped: Arc<AtomicBool>) -> Self {
        Self {
            task: Mutex::new(Some(task)),
            stopped,
        }
    }

    fn take(&self) -> Option<JoinHandle<()>> {
        self.task.lock().unwrap_or_else(|p| p.into_inner()).take()
    }
}

#[uniffi::export]
impl TaskHandle {
    /// Stops the subscription; its listener is not called again. Calling it twice is harmless.
    pub fn cancel(&self) {
        self.stopped.store(true, Ordering::SeqCst);
        if let Some(task) = self.take() {
            task.abort();
        }
    }

    /// True once the subscription has stopped, by `cancel()` or because its source closed.
    pub fn is_finished(&self) -> bool {
        self.task
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
            .is_none_or(JoinHandle::is_finished)
    }
}

impl Drop for TaskHandle {
    fn drop(&mut self) {
        self.cancel();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::Duration;

    use super::*;
    use crate::runtime::runtime;

    struct SetOnDrop(Arc<AtomicBool>);
    impl Drop for SetOnDrop {
        fn drop(&mut self) {
            self.0.store(true, Ordering::SeqCst);
        }
    }

    /// A subscription-like task that runs until stopped; returns once it is running.
    fn forever(stopped: Arc<AtomicBool>) -> TaskHandle {
        let running = Arc::new(AtomicBool::new(false));
        let flag = running.clone();
        let handle = TaskHandle::new(runtime().expect("runtime").spawn(async move {
            let _guard = SetOnDrop(stopped);
            flag.store(true, Ordering::SeqCst);
            std::future::pending::<()>().await;
        }));
        assert!(wait_for(&running), "the task started");
        handle
    }

    fn wait_for(flag: &AtomicBool) -> bool {
        for _ in 0..200 {
            if flag.load(Ordering::SeqCst) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        false
    }

    #[test]
    fn cancel_stops_the_subscription_and_may_be_repeated() {
        let stopped = Arc::new(AtomicBool::new(false));
        let handle = forever(stopped.clone());
        assert!(!handle.is_finished());
        handle.cancel();
        handle.cancel();
        assert!(wait_for(&stopped), "the task was aborted");
        assert!(handle.is_finished());
    }

    #[test]
    fn dropping_the_handle_stops_the_subscription() {
        let stopped = Arc::new(AtomicBool::new(false));
        drop(forever(stopped.clone()));
        assert!(wait_for(&stopped), "the task was aborted on drop");
    }
}
