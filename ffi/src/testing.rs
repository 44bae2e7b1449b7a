//! Test helpers: drive the library's futures the way a foreign executor does, from a thread with
//! no tokio runtime of its own.

use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

use jinlin_core::{Device, DocId, GroupKind};

struct Unpark(std::thread::Thread);

impl Wake for Unpark {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }
}

/// Polls `fut` to completion on this thread, parking between wake-ups.
pub fn block_on<F: Future>(fut: F) -> F::Output {
    let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut cx = Context::from_waker(&waker);
    let mut fut = pin!(fut);
    loop {
        if let Poll::Ready(out) = fut.as_mut().poll(&mut cx) {
            return out;
        }
        std::thread::park();
    }
}

/// A community → estate → building 3 tree made on `device` (its member staff of each); returns
/// the building.
pub fn building_3(device: &Device) -> DocId {
    let community = device
        .create_group("Lianhua", GroupKind::Community, None)
        .expect("community");
    let estate = device
        .create_group("Lianhua estate", GroupKind::Estate, Some(community))
        .expect("estate");
    device
        .create_group("Building 3", GroupKind::Building, Some(estate))
        .expect("building")
}
