//! The background tasks of urgent alerts: the timer that widens circles by the relay's clock
//! (urgent requests' and missed check-ins', `crate::checkin`),
//! the batching of delivery receipts, and the push sender.

use std::sync::Arc;
use std::time::Duration;

use crate::alerts::push::{PushError, PushMessage};
use crate::alerts::state::{RECEIPTS_GATHER, RECEIPTS_QUIET, TIMER_RECHECK, lock};
use crate::relay::Relay;

/// The timer: wakes at the earliest deadline by the relay's clock (and at least every
/// [`TIMER_RECHECK`]), runs the due waves, until shutdown.
pub async fn run_timers(relay: Arc<Relay>) {
    let mut shutdown = relay.shutdown_signal();
    loop {
        if *shutdown.borrow() {
            return;
        }
        let now = relay.now();
        let next = [relay.alerts.next_wake(), relay.checkins.next_wake()]
            .into_iter()
            .flatten()
            .min();
        let wait = match next {
            Some(at) if at <= now => {
                let r = relay.clone();
                match tokio::task::spawn_blocking(move || r.run_due_alerts().and_then(|_| r.run_due_checkins())).await {
                    Ok(Ok(_)) => {}
                    Ok(Err(e)) => {
                        tracing::error!(error = %e, "alert timers failed; retrying");
                        tokio::time::sleep(TIMER_RECHECK).await;
                    }
                    Err(e) => tracing::error!(error = %e, "alert timer task failed"),
                }
                continue;
            }
            Some(at) => Duration::from_millis((at - now) as u64).min(TIMER_RECHECK),
            None => TIMER_RECHECK,
        };
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            () = relay.alerts.wake.notified() => {}
            _ = shutdown.changed() => {}
        }
    }
}

/// Writes delivery receipts: whatever has gathered, in one transaction.
pub async fn run_receipts(relay: Arc<Relay>) {
    let Some(mut rx) = lock(&relay.alerts.receipts_rx).take() else {
        return;
    };
    let mut batch = Vec::new();
    while rx.recv_many(&mut batch, 4096).await > 0 {
        // A wave's receipts arrive while its frames go out, over a tenth of a second for ten
        // thousand members; gather them until they stop coming and write them in one go after
        // the wave, rather than compete with its delivery (the counts can wait that long).
        // Looked at every `RECEIPTS_QUIET`, not woken by each receipt: ten thousand wake-ups
        // would compete with the frames themselves.
        let until = tokio::time::Instant::now() + RECEIPTS_GATHER;
        loop {
            tokio::time::sleep(RECEIPTS_QUIET).await;
            let before = batch.len();
            while let Ok(more) = rx.try_recv() {
                batch.push(more);
            }
            if batch.len() == before || tokio::time::Instant::now() >= until {
                break;
            }
        }
        let receipts = std::mem::take(&mut batch);
        let r = relay.clone();
        let written = tokio::task::spawn_blocking(move || r.store.mark_delivered_many(&receipts, r.now())).await;
        if !matches!(written, Ok(Ok(()))) {
            tracing::warn!("delivery receipts not recorded");
        }
    }
}

/// The push worker: sends each push through the member's adapter and records delivery.
pub async fn run_pushes(relay: Arc<Relay>) {
    let Some(mut jobs) = lock(&relay.alerts.push_rx).take() else {
        return;
    };
    let mut shutdown = relay.shutdown_signal();
    loop {
        let job = tokio::select! {
            job = jobs.recv() => match job { Some(j) => j, None => return },
            _ = shutdown.changed() => return,
        };
        let relay = relay.clone();
        tokio::spawn(async move {
            let member = job.member;
            let r = relay.clone();
            let settings = match tokio::task::spawn_blocking(move || r.store.member_settings(member)).await {
                Ok(Ok(s)) => s,
                _ => return,
            };
            let (Some((kind, token)), Some(pusher)) = (settings.push, relay.alerts.pusher.as_ref()) else {
                tracing::debug!(%member, "offline and no push registered: alert waits for the next sync");
                return;
            };
            match pusher
                .send(kind, &token, settings.language, &job.msg, relay.now())
                .await
            {
                Ok(()) => {
                    let via = format!("push:{}", kind.as_str());
                    match &job.msg {
                        PushMessage::Alert(a) => relay.alert_delivered(member, a.request, &via),
                        PushMessage::CheckinMissed(a) => {
                            let r = relay.clone();
                            let pairing = a.pairing;
                            let _ =
                                tokio::task::spawn_blocking(move || r.checkin_delivered(member, pairing, &via)).await;
                        }
                        _ => {}
                    }
                }
                Err(PushError::Gone(why)) => {
                    // The app is gone from that phone: stop pushing there until it registers again.
                    let r = relay.clone();
                    let forgotten =
                        tokio::task::spawn_blocking(move || r.store.forget_push(member, kind, &token)).await;
                    tracing::info!(%member, kind = kind.as_str(), why, forgotten = matches!(forgotten, Ok(Ok(true))), "push token gone");
                }
                Err(e) => tracing::warn!(%member, kind = kind.as_str(), error = %e, "push failed"),
            }
        });
    }
}
