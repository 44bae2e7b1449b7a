//! The live channel: a WebSocket to the relay's `/v1/live` through which a device online learns
//! of changes in its groups at once, without polling.
//!
//! [`spawn`] starts a task that, for as long as its [`LiveHandle`] lives:
//! 1. connects (bearer token in the handshake), then runs a sync, so nothing that happened
//!    before the socket opened is missed and everything after arrives on it;
//! 2. applies each [`LiveMessage::Changes`] and moves that group's feed position forward in the
//!    same transaction; runs a sync on [`LiveMessage::Resync`];
//! 3. sends local changes soon after they are made (a short pause gathers a burst into one
//!    sync);
//! 4. pings the relay, and reconnects with backoff and jitter when the connection drops or goes
//!    silent.
//!
//! Every sync announces [`Event::SyncState`]; so does the channel when it drops. It also keeps
//! a [`LiveStatus`] a shell can watch.

use crate::net::round;
use jinlin_model::refusal::Refusal;
use std::sync::Arc;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio::net::TcpStream;
use tokio::sync::{broadcast, watch};
use tokio::task::JoinHandle;
use tokio::time::{Instant, sleep, sleep_until, timeout};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::http::header::AUTHORIZATION;
use tokio_tungstenite::tungstenite::{self, Message};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::device::Device;
use crate::device::events::{Event, Origin};
use crate::net::client::{self, Backoff, RelayClient};
use crate::store::cursors;
use crate::sync::incoming;
use jinlin_model::error::{Error, Result};
use jinlin_model::protocol::{self, GroupCursor, LiveMessage};

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Timings of the live channel.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LiveOptions {
    /// Time allowed to open the WebSocket.
    pub connect_timeout: Duration,
    /// How often to ping the relay.
    pub ping_every: Duration,
    /// Reconnect when nothing at all has arrived for this long.
    pub silence_limit: Duration,
    /// First delay before reconnecting; it doubles each time, with jitter.
    pub first_retry: Duration,
    /// Longest delay before reconnecting.
    pub max_retry: Duration,
    /// Quiet time after a local change before it is sent (gathers a burst into one sync).
    pub send_after: Duration,
}

impl Default for LiveOptions {
    fn default() -> Self {
        LiveOptions {
            connect_timeout: Duration::from_secs(10),
            ping_every: Duration::from_secs(25),
            silence_limit: Duration::from_secs(80),
            first_retry: Duration::from_millis(500),
            max_retry: Duration::from_secs(30),
            send_after: Duration::from_millis(150),
        }
    }
}

/// Where the live channel stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LiveStatus {
    /// Opening the connection (or waiting to retry).
    Connecting,
    /// Connected and caught up: changes arrive as they happen.
    Online,
    /// The connection failed or dropped; it will be retried.
    Offline {
        /// Why, in a sentence.
        reason: String,
    },
    /// The relay does not accept this device (its token was revoked: signed out or cut off by
    /// staff). The channel has stopped; retrying would only be refused again.
    Refused {
        /// The relay's sentence.
        reason: String,
    },
}

/// The running live channel. Dropping it (or calling [`LiveHandle::cancel`]) stops it.
#[derive(Debug)]
pub struct LiveHandle {
    task: JoinHandle<()>,
    status: watch::Receiver<LiveStatus>,
}

impl LiveHandle {
    /// Stops the channel.
    pub fn cancel(&self) {
        self.task.abort();
    }

    /// Where the channel stands now.
    pub fn status(&self) -> LiveStatus {
        self.status.borrow().clone()
    }

    /// A receiver that sees every status change.
    pub fn watch_status(&self) -> watch::Receiver<LiveStatus> {
        self.status.clone()
    }

    /// Waits until the channel is online and caught up, at most `limit`. Returns whether it is.
    pub async fn wait_online(&self, limit: Duration) -> bool {
        let mut rx = self.status.clone();
        timeout(limit, rx.wait_for(|s| *s == LiveStatus::Online))
            .await
            .is_ok_and(|r| r.is_ok())
    }
}

impl Drop for LiveHandle {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Starts the live channel for `device` through `client` (which must hold the device's token).
/// Must be called inside a tokio runtime.
pub fn spawn(device: Arc<Device>, client: RelayClient, options: LiveOptions) -> LiveHandle {
    let (tx, rx) = watch::channel(LiveStatus::Connecting);
    let task = tokio::spawn(run(device, client, options, tx));
    LiveHandle { task, status: rx }
}

/// The WebSocket URL of a relay's live channel: `ws://` for `http://`, `wss://` for `https://`.
pub fn live_url(base: &str) -> Result<String> {
    let base = client::normalize_url(base)?;
    let ws = match base.strip_prefix("https://") {
        Some(rest) => format!("wss://{rest}"),
        None => format!("ws://{}", base.trim_start_matches("http://")),
    };
    Ok(format!("{ws}/v1/live"))
}

async fn run(device: Arc<Device>, client: RelayClient, options: LiveOptions, status: watch::Sender<LiveStatus>) {
    let mut backoff = Backoff::new(options.first_retry, options.max_retry);
    let mut events = device.subscribe();
    loop {
        status.send_replace(LiveStatus::Connecting);
        let reason = match connect(&client, &options).await {
            Ok(socket) => {
                let opened = Instant::now();
                let reason = serve(&device, &client, &options, socket, &mut events, &status).await;
                if opened.elapsed() >= options.max_retry {
                    backoff.reset();
                }
                reason
            }
            Err(
                e @ Error::Relay {
                    status: 401 | 403 | 410,
                    ..
                },
            ) => {
                tracing::info!(error = %e, "live channel refused for good");
                device.emit(Event::SyncState {
                    online: false,
                    pending: pending(&device),
                });
                status.send_replace(LiveStatus::Refused { reason: e.to_string() });
                return;
            }
            Err(e) => e.to_string(),
        };
        tracing::debug!(%reason, "live channel down");
        device.emit(Event::SyncState {
            online: false,
            pending: pending(&device),
        });
        status.send_replace(LiveStatus::Offline { reason });
        sleep(backoff.next_delay()).await;
    }
}

/// Bytes read from the socket at a time. tungstenite zero-fills this much of its buffer before
/// every read (its default is 128 KiB, which made each small frame cost a 128 KiB memset, twice);
/// a larger frame simply takes several reads.
pub const READ_CHUNK: usize = 8 * 1024;

/// The live socket's settings: small buffers, since the device sends only pings and most
/// frames are a few hundred bytes.
pub fn socket_config() -> tungstenite::protocol::WebSocketConfig {
    tungstenite::protocol::WebSocketConfig::default()
        .read_buffer_size(READ_CHUNK)
        .write_buffer_size(0)
}

async fn connect(client: &RelayClient, options: &LiveOptions) -> Result<Socket> {
    let url = live_url(client.url())?;
    let mut request = url
        .as_str()
        .into_client_request()
        .map_err(|e| Error::InvalidInput(format!("bad live channel URL: {e}")))?;
    if let Some(token) = client.token() {
        let value = HeaderValue::from_str(&format!("Bearer {token}"))
            .map_err(|_| Error::InvalidInput(Refusal::StoredTokenMalformed.into()))?;
        request.headers_mut().insert(AUTHORIZATION, value);
    }
    let connector = if url.starts_with("wss://") {
        Some(crate::net::tls::ws_connector(client.ca_pem())?)
    } else {
        None
    };
    let opening = tokio_tungstenite::connect_async_tls_with_config(request, Some(socket_config()), false, connector);
    match timeout(options.connect_timeout, opening).await {
        Err(_) => Err(Error::Offline("the live channel did not open in time".into())),
        Ok(Err(tungstenite::Error::Http(resp))) => Err(Error::Relay {
            status: resp.status().as_u16(),
            message: resp
                .body()
                .as_deref()
                .and_then(|b| serde_json::from_slice::<protocol::ErrorBody>(b).ok())
                .map(|b| b.message)
                .unwrap_or_else(|| "the live channel was refused".to_string()),
        }),
        Ok(Err(e)) => Err(Error::Offline(format!("live channel: {e}"))),
        Ok(Ok((socket, _))) => Ok(socket),
    }
}

/// Runs one connection until it ends; returns why it ended.
async fn serve(
    device: &Device,
    client: &RelayClient,
    options: &LiveOptions,
    mut socket: Socket,
    events: &mut broadcast::Receiver<Event>,
    status: &watch::Sender<LiveStatus>,
) -> String {
    // The socket is open, so every change from now on arrives on it; the sync fetches the rest.
    if let Err(e) = round::sync(device, client).await {
        let _ = socket.close(None).await;
        return e.to_string();
    }
    // That sync announced `SyncState { online: true }`.
    status.send_replace(LiveStatus::Online);

    let mut last_heard = Instant::now();
    let mut ping = tokio::time::interval_at(Instant::now() + options.ping_every, options.ping_every);
    let mut send_at: Option<Instant> = None;
    loop {
        tokio::select! {
            frame = socket.next() => {
                last_heard = Instant::now();
                match frame {
                    None => return "the relay closed the live channel".to_string(),
                    Some(Err(e)) => return format!("live channel: {e}"),
                    Some(Ok(Message::Binary(bytes))) => {
                        if let Err(e) = on_message(device, client, &bytes).await {
                            if matches!(e, Error::Offline(_)) {
                                return e.to_string();
                            }
                            tracing::warn!(error = %e, "live message not applied");
                        }
                    }
                    Some(Ok(Message::Close(_))) => return "the relay closed the live channel".to_string(),
                    Some(Ok(_)) => {}
                }
            }
            event = events.recv() => {
                let local = match event {
                    Ok(Event::RequestChanged { origin, .. } | Event::GroupChanged { origin, .. }) => origin == Origin::Local,
                    Ok(_) => false,
                    Err(broadcast::error::RecvError::Lagged(_)) => true,
                    Err(broadcast::error::RecvError::Closed) => false,
                };
                if local {
                    send_at = Some(Instant::now() + options.send_after);
                }
            }
            () = sleep_until(send_at.unwrap_or_else(Instant::now)), if send_at.is_some() => {
                send_at = None;
                if pending(device) > 0
                    && let Err(e) = round::sync(device, client).await
                {
                    if matches!(e, Error::Offline(_)) {
                        return e.to_string();
                    }
                    tracing::warn!(error = %e, "sending local changes failed");
                }
            }
            _ = ping.tick() => {
                if last_heard.elapsed() >= options.silence_limit {
                    return "the live channel went silent".to_string();
                }
                if let Err(e) = socket.send(Message::Ping(Vec::new().into())).await {
                    return format!("live channel: {e}");
                }
            }
        }
    }
}

/// Applies one frame from the relay.
async fn on_message(device: &Device, client: &RelayClient, bytes: &[u8]) -> Result<()> {
    match protocol::decode::<LiveMessage>(bytes) {
        Ok(LiveMessage::Changes { cursor, doc, .. }) => {
            let group_id = doc.group_id;
            let remote = incoming::decode_docs(vec![doc])?;
            device.apply_remote_batch(remote, |tx| cursors::advance(tx, &GroupCursor::at(group_id, cursor)))?;
            Ok(())
        }
        Ok(LiveMessage::Resync { .. }) => round::sync(device, client).await.map(|_| ()),
        Ok(LiveMessage::Alert { alert, doc, .. }) => {
            // The request may sit in a group this device does not read: keep it, but move no
            // feed position.
            let remote = incoming::decode_docs(vec![doc])?;
            device.apply_remote_batch(remote, |_| Ok(()))?;
            device.emit(Event::Alerted {
                id: alert.request,
                group_id: alert.group_id,
                wave: alert.wave,
            });
            Ok(())
        }
        Ok(LiveMessage::NoLongerNeeded { request, .. }) => {
            device.emit(Event::NoLongerNeeded { id: request });
            Ok(())
        }
        Ok(LiveMessage::CheckinMissed { alert, .. }) => {
            device.emit(Event::CheckinMissed { alert });
            Ok(())
        }
        Ok(LiveMessage::CheckinOver { pairing, .. }) => {
            device.emit(Event::CheckinOver { pairing });
            Ok(())
        }
        Err(e) => {
            // A frame this build cannot read: catch up the slow way instead.
            tracing::debug!(error = %e, "unreadable live frame; syncing instead");
            round::sync(device, client).await.map(|_| ())
        }
    }
}

fn pending(device: &Device) -> usize {
    device.unsynced_docs().map(|d| d.len()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use jinlin_model::DocKind;
    use std::sync::Arc;

    use automerge::AutoCommit;
    use serde_bytes::ByteBuf;

    use super::*;
    use jinlin_model::kinds::GroupKind;
    use jinlin_model::protocol::{DocChanges, PROTOCOL_VERSION};

    fn device(dir: &tempfile::TempDir, name: &str) -> Device {
        let d = Device::open(dir.path().join(format!("{name}.db"))).expect("open");
        d.set_identity(name, None, None).expect("identity");
        d
    }

    fn frame(from: &Device, group: jinlin_model::ids::DocId, cursor: u64) -> Vec<u8> {
        let saved = from.save_doc(group).expect("save").expect("doc");
        let changes = AutoCommit::load(&saved)
            .expect("load")
            .get_changes(&[])
            .into_iter()
            .map(|mut c| ByteBuf::from(c.bytes().into_owned()))
            .collect();
        protocol::encode(&LiveMessage::Changes {
            version: PROTOCOL_VERSION,
            cursor,
            doc: DocChanges {
                doc_id: group,
                doc_type: DocKind::Group,
                group_id: group,
                changes,
                saved: None,
            },
        })
    }

    #[tokio::test]
    async fn a_live_frame_is_applied_and_moves_its_group_forward_never_back() {
        let dir = tempfile::tempdir().expect("dir");
        let (staff, phone) = (device(&dir, "staff"), Arc::new(device(&dir, "phone")));
        let group = staff
            .create_group("Lianhua", GroupKind::Community, None)
            .expect("group");
        let unused = RelayClient::new("http://127.0.0.1:9").expect("client");
        let mut events = phone.subscribe();
        // The phone's first sync read the group's feed (empty then).
        phone
            .store()
            .write(|tx| cursors::set(tx, &GroupCursor::at(group, 0)))
            .expect("first sync");

        on_message(&phone, &unused, &frame(&staff, group, 12))
            .await
            .expect("applied");
        assert_eq!(phone.group(group).expect("arrived").name, "Lianhua");
        assert!(events.try_recv().is_ok(), "the app hears of it");
        on_message(&phone, &unused, &frame(&staff, group, 5))
            .await
            .expect("a late duplicate is harmless");
        assert_eq!(phone.store().read(|c| cursors::get(c, group)).expect("cursor"), 12);
        assert!(
            phone.unsynced_docs().expect("pending").is_empty(),
            "nothing to send back"
        );
    }

    #[test]
    fn the_live_url_follows_the_relay_scheme() {
        assert_eq!(
            live_url("http://127.0.0.1:8787/").ok().as_deref(),
            Some("ws://127.0.0.1:8787/v1/live")
        );
        assert_eq!(
            live_url("https://relay.example/base").ok().as_deref(),
            Some("wss://relay.example/base/v1/live")
        );
    }
}
