//! The phone's only network code, at the edge: [`client`] (the relay client over HTTP, with
//! timeouts, retries with backoff and clear errors), [`live`] (the WebSocket that delivers
//! changes as they happen), [`tls`] (trust for `https://` and `wss://`), [`photos`] (attachment
//! transfer through the same client), [`round`] (one sync round: the session, then photos) and
//! [`alerts`] (the urgent-alert calls), [`dashboard`] (approving a browser's sign-in) and
//! [`peer`] (peer-to-peer sync with a neighbour's phone over TCP, no relay needed).

pub mod alerts;
pub mod checkin;
pub mod client;
pub mod credentials;
pub mod dashboard;
pub mod live;
pub mod peer;
pub mod photos;
pub mod round;
pub mod tls;
pub mod votes;
