//! Syncing with a neighbour's phone when no relay can be reached, over the shell's own
//! transport (Bluetooth LE, Wi-Fi Direct, Multipeer): a [`PeerLink`] takes the bytes that arrive
//! and gives the bytes to send, until it is over. What it accepts is stored at once and
//! announced to the change listeners like anything received from the relay; an urgent request
//! new to the phone fires the urgent alert listener. The next sync carries it to the relay.
//!
//! The shell's loop: the side that reached out sends [`PeerLink::first_bytes`]; each side hands
//! every chunk of bytes that arrives to [`PeerLink::receive`] and sends back what it returns
//! (often nothing until a whole packet has arrived), until [`PeerLink::is_over`]. A refused or
//! broken link is a `JinlinError::Peer` with the reason; [`PeerLink::farewell`] is then the bytes
//! that tell the neighbour why.

use std::sync::{Arc, Mutex};

use jinlin_core::Device;
use jinlin_core::peer::link;

use crate::client::JinlinClient;
use crate::error::JinlinError;
use crate::numbers::{to_i32, to_i64};
use crate::refusal::in_shown_language;

/// What a peer session did.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PeerReport {
    /// The neighbour's name, as their credential says.
    pub peer_name: Option<String>,
    /// Changes sent.
    pub sent_changes: i64,
    /// Changes received and kept.
    pub received_changes: i64,
    /// Items that changed here.
    pub received_items: i64,
    /// Items refused from the neighbour, with the reasons (in the language the phone shows when
    /// they are write rules' refusals).
    pub refused: Vec<String>,
    /// Items the neighbour refused, with the reasons (likewise).
    pub refused_by_peer: Vec<String>,
    /// Turns this side took (a round trip is a turn each way).
    pub turns: i32,
    /// Bytes this link handed the transport to send.
    pub bytes_sent: i64,
    /// Bytes this link took from the transport.
    pub bytes_received: i64,
}

/// One side of a link with a neighbour's phone.
#[derive(uniffi::Object)]
pub struct PeerLink {
    device: Arc<Device>,
    inner: Mutex<link::PeerLink>,
    first: Vec<u8>,
}

impl std::fmt::Debug for PeerLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PeerLink").finish_non_exhaustive()
    }
}

#[uniffi::export]
impl JinlinClient {
    /// Opens a link with a neighbour's phone: `initiator` is the side that reached out (it sends
    /// [`PeerLink::first_bytes`] first). Refused without a credential from the relay (sync once
    /// first).
    pub fn peer_link(&self, initiator: bool) -> Result<Arc<PeerLink>, JinlinError> {
        let device = Arc::clone(self.device());
        let (inner, first) = link::PeerLink::open(&device, initiator, None)?;
        Ok(Arc::new(PeerLink {
            device,
            inner: Mutex::new(inner),
            first,
        }))
    }
}

#[uniffi::export]
impl PeerLink {
    /// The bytes the reaching-out side sends first (empty for the other side).
    pub fn first_bytes(&self) -> Vec<u8> {
        self.first.clone()
    }

    /// Takes bytes that arrived; the bytes to send back. On an error the link is over: send
    /// [`PeerLink::farewell`] if the transport still can, then close it.
    pub fn receive(&self, bytes: Vec<u8>) -> Result<Vec<u8>, JinlinError> {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        Ok(inner.receive(&self.device, &bytes)?)
    }

    /// After [`PeerLink::receive`] failed: the bytes telling the neighbour why (empty if there is
    /// nothing to tell).
    pub fn farewell(&self) -> Vec<u8> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner()).farewell()
    }

    /// Whether the session is over (close the transport).
    pub fn is_over(&self) -> bool {
        self.inner.lock().unwrap_or_else(|p| p.into_inner()).is_over()
    }

    /// What the session did so far.
    pub fn report(&self) -> PeerReport {
        let r = self.inner.lock().unwrap_or_else(|p| p.into_inner()).report();
        PeerReport {
            peer_name: r.peer_name,
            sent_changes: to_i64(r.sent_changes),
            received_changes: to_i64(r.received_changes),
            received_items: to_i64(r.received_docs),
            refused: r.refused.iter().map(|d| in_shown_language(&d.reason)).collect(),
            refused_by_peer: r.refused_by_peer.iter().map(|d| in_shown_language(&d.reason)).collect(),
            turns: to_i32(r.turns),
            bytes_sent: to_i64(r.bytes_sent),
            bytes_received: to_i64(r.bytes_received),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    use jinlin_core::{Device, DocId, GroupKind, NewRequest, RequestKind, Role};
    use jinlin_model::peer::credential::{self, Credential, FORMAT, LIFETIME_MS, SigningKey, Vouched};

    use super::*;
    use crate::kinds::SignupState;
    use crate::listeners::UrgentAlertListener;
    use crate::testing::block_on;
    use crate::views::RequestView;

    const NOWHERE: &str = "http://127.0.0.1:9";

    #[derive(Default)]
    struct Heard(Mutex<Vec<RequestView>>);

    impl UrgentAlertListener for Heard {
        fn on_urgent(&self, request: RequestView) {
            self.0.lock().expect("lock").push(request);
        }
    }

    /// A phone of Lianhua Community holding the credential `relay` signed for it, with `relay`'s
    /// key pinned, as after its last sync.
    fn vouched(device: &Device, community: DocId, role: Role, relay: &SigningKey) {
        let me = device.identity().expect("read").expect("identity");
        let now = device.now();
        let signed = credential::issue(
            relay,
            &Credential {
                format: FORMAT,
                community,
                member: me.member_id,
                name: me.name.clone(),
                device_key: hex(&device.peer_key().expect("key").public()),
                groups: vec![Vouched {
                    group: community,
                    role,
                    building: None,
                }],
                issued_at: now,
                expires_at: now + LIFETIME_MS,
            },
        );
        device.pin_relay_key(&relay.public()).expect("pin");
        device.keep_credentials(&[signed], &[]).expect("keep");
    }

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Grandma Wang (resident) and Chen (volunteer), both holding the community as from the
    /// relay, with credentials; Chen's signed by `chens_relay`.
    fn basement(dir: &tempfile::TempDir, chens_relay: &SigningKey) -> (Arc<JinlinClient>, Arc<JinlinClient>, DocId) {
        let relay = SigningKey::from_seed(&[9; 32]);
        let wang = Device::open(dir.path().join("wang.db")).expect("open");
        wang.set_identity("Grandma Wang", Some("3"), Some("1202"))
            .expect("identity");
        let community = wang.create_group("Lianhua", GroupKind::Community, None).expect("group");
        let chen = Device::open(dir.path().join("chen.db")).expect("open");
        chen.set_identity("Chen", Some("3"), Some("601")).expect("identity");
        let (meta, changes) = wang.changes_for_relay(community).expect("read").expect("held");
        chen.apply_remote(community, meta.doc_type, meta.group_id, changes)
            .expect("as from the relay");
        vouched(&wang, community, Role::Resident, &relay);
        vouched(&chen, community, Role::Volunteer, chens_relay);
        chen.pin_relay_key(&relay.public()).expect("pin");
        (
            JinlinClient::over(wang, NOWHERE),
            JinlinClient::over(chen, NOWHERE),
            community,
        )
    }

    /// Moves bytes between the two links, as a transport would, until both are over.
    fn exchange(opener: &PeerLink, other: &PeerLink) -> Result<(), JinlinError> {
        let (mut to_other, mut to_opener) = (opener.first_bytes(), Vec::new());
        for _ in 0..20 {
            if !to_other.is_empty() {
                to_opener = other.receive(std::mem::take(&mut to_other))?;
            } else if !to_opener.is_empty() {
                to_other = opener.receive(std::mem::take(&mut to_opener))?;
            } else {
                break;
            }
        }
        assert!(opener.is_over() && other.is_over(), "both links are over");
        Ok(())
    }

    fn line_up(client: &JinlinClient, id: &str) -> Vec<(String, SignupState)> {
        let view = block_on(client.show(id.to_string())).expect("held");
        view.signups.into_iter().map(|s| (s.member_name, s.state)).collect()
    }

    #[test]
    fn an_urgent_request_crosses_two_links_in_memory_alerts_the_neighbour_and_his_sign_up_stays_tentative() {
        let dir = tempfile::tempdir().expect("dir");
        let (wang, chen, community) = basement(&dir, &SigningKey::from_seed(&[9; 32]));
        let heard = Arc::new(Heard::default());
        let _handle = chen.subscribe_urgent(heard.clone()).expect("subscribe");
        let mut ride = NewRequest::new(community, RequestKind::Hospital, "I fell, please come");
        ride.urgent = true;
        let id = wang.device().raise(ride).expect("raised offline").to_string();

        let (hers, his) = (
            wang.peer_link(true).expect("link"),
            chen.peer_link(false).expect("link"),
        );
        exchange(&hers, &his).expect("synced");
        assert_eq!(his.report().peer_name.as_deref(), Some("Grandma Wang"));
        assert_eq!(his.report().received_items, 1);
        for _ in 0..1000 {
            if !heard.0.lock().expect("lock").is_empty() {
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let alerts: Vec<String> = heard.0.lock().expect("lock").iter().map(|r| r.id.clone()).collect();
        assert_eq!(alerts, vec![id.clone()], "Chen is alerted from his own store");

        block_on(chen.accept(id.clone())).expect("accept");
        let (hers, his) = (
            wang.peer_link(true).expect("link"),
            chen.peer_link(false).expect("link"),
        );
        exchange(&hers, &his).expect("synced again");
        assert_eq!(hers.report().received_changes, 1, "his sign-up");
        for phone in [&wang, &chen] {
            assert_eq!(line_up(phone, &id), vec![("Chen".to_string(), SignupState::Tentative)]);
        }
    }

    #[test]
    fn a_neighbour_whose_credential_another_relay_signed_is_refused_and_told_why() {
        let dir = tempfile::tempdir().expect("dir");
        let (wang, chen, community) = basement(&dir, &SigningKey::from_seed(&[66; 32]));
        let id = wang
            .device()
            .raise(NewRequest::new(community, RequestKind::Errand, "Milk"))
            .expect("raised");

        let (his, hers) = (
            chen.peer_link(true).expect("link"),
            wang.peer_link(false).expect("link"),
        );
        let refused = hers.receive(his.first_bytes());
        let Err(JinlinError::Peer { reason }) = refused else {
            panic!("refused as a peer error: {refused:?}");
        };
        assert!(reason.contains("not signed by this community's relay"), "{reason}");
        let told = his.receive(hers.farewell());
        let Err(JinlinError::Peer { reason }) = told else {
            panic!("told as a peer error: {told:?}");
        };
        assert!(reason.contains("not signed by this community's relay"), "{reason}");
        assert!(chen.device().request(id).is_err(), "nothing reached him");
    }
}
