//! What the peer tests share: a phone listening for neighbours on a free port of 127.0.0.1 (as
//! `jinlin peer listen --port 0`), telling the test how each session it served ended.

use std::sync::Arc;

use jinlin_core::net::peer;
use jinlin_model::peer::session::Report;
use tokio::net::TcpListener;
use tokio::sync::mpsc;

use jinlin_tests::{PATIENCE, Phone};

/// A phone serving neighbours until dropped.
pub struct Listening {
    /// `HOST:PORT`.
    pub addr: String,
    outcomes: mpsc::UnboundedReceiver<Result<Report, String>>,
    task: tokio::task::JoinHandle<()>,
}

impl Listening {
    /// How the next session it served ended (the error's text, if it failed).
    pub async fn served(&mut self) -> Result<Report, String> {
        tokio::time::timeout(PATIENCE, self.outcomes.recv())
            .await
            .expect("a session ends")
            .expect("still listening")
    }
}

impl Drop for Listening {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// `phone` listens for neighbours.
pub async fn listening(phone: &Phone) -> Listening {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr").to_string();
    let (tx, outcomes) = mpsc::unbounded_channel();
    let device = Arc::clone(&phone.device);
    let task = tokio::spawn(peer::serve(device, listener, move |outcome| {
        let _ = tx.send(outcome.map_err(|e| e.to_string()));
    }));
    Listening { addr, outcomes, task }
}
