//! Listeners the shells implement (foreign traits), and the tasks that feed them.
//!
//! Each subscription is a task on the library's runtime reading the device's change
//! notifications; it returns a [`TaskHandle`] that stops it. Listener methods are called on a
//! runtime thread and should return quickly (hand the value to a channel or the main thread).

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use jinlin_core::{Device, DocId, Event, Origin, Phone, Subscription};
use tokio::sync::broadcast::error::RecvError;

use crate::error::JinlinError;
use crate::numbers::to_i64;
use crate::runtime::runtime;
use crate::task_handle::TaskHandle;
use crate::views::{RequestChange, RequestView, SyncState};

/// Hears every change to a request on this device, local or from the relay.
#[uniffi::export(with_foreign)]
pub trait RequestListener: Send + Sync {
    /// A request was raised or changed; read it again with `show`.
    fn on_change(&self, change: RequestChange);
}

/// Hears every change to a group (a member joined, a role or team changed).
#[uniffi::export(with_foreign)]
pub trait GroupListener: Send + Sync {
    /// A group was created or changed; read it again with `group`.
    fn on_group_change(&self, group_id: String, remote: bool);
}

/// Hears the connection to the relay come and go.
#[uniffi::export(with_foreign)]
pub trait SyncStateListener: Send + Sync {
    /// The relay became reachable or unreachable, or the count of unsent changes moved.
    fn on_sync_state(&self, state: SyncState);
}

/// Hears urgent requests from neighbours, once each, as they arrive from the relay or from a
/// neighbour's phone over a [`crate::peer::PeerLink`].
#[uniffi::export(with_foreign)]
pub trait UrgentAlertListener: Send + Sync {
    /// An urgent request raised by someone else is open and needs help now.
    fn on_urgent(&self, request: RequestView);
}

/// Runs `on_event` for every event of `events` until the handle stops it or the device closes.
pub fn listen<F>(mut events: Subscription, mut on_event: F) -> Result<TaskHandle, JinlinError>
where
    F: FnMut(Event) + Send + 'static,
{
    let stopped = Arc::new(AtomicBool::new(false));
    let stop = stopped.clone();
    let task = runtime()?.spawn(async move {
        loop {
            match events.recv().await {
                // Once cancelled, an event that was already waiting is not handed on.
                Ok(_) if stop.load(Ordering::SeqCst) => break,
                Ok(event) => on_event(event),
                Err(RecvError::Lagged(missed)) => tracing::warn!(missed, "a listener fell behind"),
                Err(RecvError::Closed) => break,
            }
        }
    });
    Ok(TaskHandle::stopping(task, stopped))
}

/// Forwards request changes to `listener`.
pub fn requests(device: &Device, listener: Arc<dyn RequestListener>) -> Result<TaskHandle, JinlinError> {
    listen(device.subscribe(), move |event| {
        if let Event::RequestChanged { id, group_id, origin } = event {
            listener.on_change(RequestChange {
                request_id: id.to_string(),
                group_id: group_id.to_string(),
                remote: origin == Origin::Remote,
            });
        }
    })
}

/// Forwards group changes to `listener`.
pub fn groups(device: &Device, listener: Arc<dyn GroupListener>) -> Result<TaskHandle, JinlinError> {
    listen(device.subscribe(), move |event| {
        if let Event::GroupChanged { id, origin } = event {
            listener.on_group_change(id.to_string(), origin == Origin::Remote);
        }
    })
}

/// Forwards the relay connection's state to `listener`.
pub fn sync_state(device: &Device, listener: Arc<dyn SyncStateListener>) -> Result<TaskHandle, JinlinError> {
    listen(device.subscribe(), move |event| {
        if let Event::SyncState { online, pending } = event {
            listener.on_sync_state(SyncState {
                online,
                pending: to_i64(pending),
            });
        }
    })
}

/// Alerts `listener` to each urgent, open request that arrives from the relay and was not raised
/// by this device's member nor declined here ([`Phone::alert_worthy`]). Each request alerts once
/// per subscription.
pub fn urgent(phone: Phone, listener: Arc<dyn UrgentAlertListener>) -> Result<TaskHandle, JinlinError> {
    let mut alerted: HashSet<DocId> = HashSet::new();
    listen(phone.subscribe(), move |event| {
        let Event::RequestChanged {
            id,
            origin: Origin::Remote,
            ..
        } = event
        else {
            return;
        };
        if alerted.contains(&id) {
            return;
        }
        // A short read of the local store; tell the runtime this worker blocks meanwhile.
        if let Some(view) = tokio::task::block_in_place(|| phone.alert_worthy(id)) {
            alerted.insert(id);
            listener.on_urgent(view.into());
        }
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;
    use std::time::Duration;

    use jinlin_core::{GroupKind, NewRequest, RequestKind};

    use super::*;

    #[derive(Default)]
    struct Heard(Mutex<Vec<RequestView>>);

    impl UrgentAlertListener for Heard {
        fn on_urgent(&self, request: RequestView) {
            self.0.lock().expect("lock").push(request);
        }
    }

    impl Heard {
        fn texts(&self) -> Vec<String> {
            self.0.lock().expect("lock").iter().map(|r| r.text.clone()).collect()
        }
    }

    /// Hands every document of `from` to `to`, as a sync through the relay would.
    fn copy_all(from: &Device, to: &Device) {
        for id in from.unsynced_docs().expect("docs") {
            let (meta, changes) = from.changes_for_relay(id).expect("read").expect("held");
            to.apply_remote(id, meta.doc_type, meta.group_id, changes)
                .expect("apply");
        }
    }

    /// Waits until `heard` holds `n` alerts (at most 10 s).
    fn wait_for(heard: &Heard, n: usize) {
        for _ in 0..1000 {
            if heard.texts().len() >= n {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn urgent_request(group: DocId, text: &str) -> NewRequest {
        let mut r = NewRequest::new(group, RequestKind::Hospital, text);
        r.urgent = true;
        r
    }

    // Events reach a listener in order, so once a later alert has arrived, every earlier change
    // has been seen: the tests wait for a positive alert instead of sleeping.

    #[test]
    fn an_urgent_request_from_a_neighbour_alerts_once_and_a_routine_one_not_at_all() {
        let dir = tempfile::tempdir().expect("tempdir");
        let asker = Device::open(dir.path().join("asker.db")).expect("open");
        asker.set_identity("Resident", Some("3"), None).expect("identity");
        let group = asker.create_group("Estate", GroupKind::Estate, None).expect("group");
        let helper = Phone::open(dir.path().join("helper.db")).expect("open");
        helper.set_identity("Volunteer", Some("3"), None).expect("identity");
        let heard = Arc::new(Heard::default());
        let _handle = urgent(helper.clone(), heard.clone()).expect("subscribe");

        asker
            .raise(NewRequest::new(group, RequestKind::Errand, "bread"))
            .expect("raise");
        let ride = asker.raise(urgent_request(group, "ride now")).expect("raise");
        copy_all(&asker, &helper);
        wait_for(&heard, 1);
        asker.comment(ride, "still waiting").expect("comment");
        copy_all(&asker, &helper);
        asker.raise(urgent_request(group, "fell down")).expect("raise");
        copy_all(&asker, &helper);
        wait_for(&heard, 2);
        assert_eq!(heard.texts(), vec!["ride now".to_string(), "fell down".to_string()]);
    }

    #[test]
    fn ones_own_urgent_request_does_not_alert() {
        let dir = tempfile::tempdir().expect("tempdir");
        let me = Phone::open(dir.path().join("me.db")).expect("open");
        me.set_identity("Resident", None, None).expect("identity");
        let group = me.create_group("Estate", GroupKind::Estate, None).expect("group");
        let neighbour = Device::open(dir.path().join("neighbour.db")).expect("open");
        neighbour.set_identity("Neighbour", None, None).expect("identity");
        copy_all(&me, &neighbour);
        let heard = Arc::new(Heard::default());
        let _handle = urgent(me.clone(), heard.clone()).expect("subscribe");

        me.raise(urgent_request(group, "mine")).expect("raise");
        neighbour.raise(urgent_request(group, "theirs")).expect("raise");
        copy_all(&neighbour, &me);
        wait_for(&heard, 1);
        assert_eq!(heard.texts(), vec!["theirs".to_string()]);
    }
}
