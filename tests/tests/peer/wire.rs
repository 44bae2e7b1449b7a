//! What crosses a peer link, byte for byte, with two phones' links driven in memory as a shell
//! drives them over Bluetooth: a packet that would inflate past what a phone accepts (a
//! decompression bomb) ends the link and keeps nothing of it, and a phone of the previous
//! protocol version is refused with a `bye` it can read.

use jinlin_core::Role;
use jinlin_core::peer::link::PeerLink;
use jinlin_model::peer::frame::{self, Frame};
use jinlin_model::peer::pack::{self, MAX_UNPACKED};
use jinlin_model::peer::stream::Reader;

use jinlin_tests::{Phone, Relay, admit, tree};

/// Grandma Wang and Chen in building 3 with their credentials; the relay has gone down and she
/// has raised an urgent request since.
async fn basement() -> (Relay, Phone, Phone, jinlin_core::DocId) {
    let mut relay = Relay::start().await;
    let staff = Phone::registered("Ms Sun", "1", &relay).await;
    let hood = tree(&staff).await;
    let wang = Phone::registered("Grandma Wang", "3", &relay).await;
    admit(&staff, &wang, hood.b3, Role::Resident).await;
    let chen = Phone::registered("Chen", "3", &relay).await;
    admit(&staff, &chen, hood.b3, Role::Volunteer).await;
    for phone in [&wang, &chen] {
        phone.sync().await;
    }
    relay.go_down().await;
    let ride = wang.raise_ride(hood.b3, 1);
    (relay, wang, chen, ride)
}

/// The frames in `bytes`.
fn frames(bytes: &[u8]) -> Vec<Frame> {
    let mut reader = Reader::default();
    reader.push(bytes);
    std::iter::from_fn(|| reader.next_frame().expect("frames")).collect()
}

/// Her link and his, driven until her phone sends the changes of her request; the bytes of
/// that turn (not yet delivered).
fn until_her_changes(wang: &Phone, chen: &Phone) -> (PeerLink, PeerLink, Vec<u8>) {
    let (mut hers, first) = PeerLink::open(&wang.device, true, None).expect("her link");
    let (mut his, _) = PeerLink::open(&chen.device, false, None).expect("his link");
    let mut to_her = his.receive(&chen.device, &first).expect("hello and proof");
    for _ in 0..4 {
        let to_him = hers.receive(&wang.device, &to_her).expect("her turn");
        let carries = frames(&to_him)
            .iter()
            .any(|f| matches!(f, Frame::Sync(s) if !s.signatures.is_empty()));
        if carries {
            return (hers, his, to_him);
        }
        to_her = his.receive(&chen.device, &to_him).expect("his turn");
    }
    panic!("her phone never sent her request");
}

#[tokio::test]
async fn a_packet_that_would_inflate_past_what_a_phone_accepts_ends_the_link_and_keeps_nothing() {
    let (_relay, wang, chen, ride) = basement().await;

    // A hostile phone sends her real turn with 8 MiB of zeros after it: about 8 KiB that would
    // inflate past what a phone takes in one packet.
    let (_hers, mut his, turn) = until_her_changes(&wang, &chen);
    let mut raw: Vec<u8> = frames(&turn).iter().flat_map(jinlin_model::protocol::encode).collect();
    raw.resize(MAX_UNPACKED + 1, 0);
    let body = pack::deflate(&raw);
    assert!(body.len() < 64 * 1024, "a small packet: {} bytes", body.len());
    let mut bomb = (body.len() as u32).to_be_bytes().to_vec();
    bomb.extend(body);

    let why = his.receive(&chen.device, &bomb).expect_err("refused").to_string();
    assert!(why.contains("inflates to more than a phone accepts"), "{why}");
    assert!(chen.request(ride).is_err(), "nothing of the packet is kept");
    let told = frames(&his.farewell());
    assert!(
        matches!(&told[..], [Frame::Bye { reason: Some(r) }] if r.contains("inflates")),
        "{told:?}"
    );

    // The same turn without the zeros brings her request.
    let (_hers, mut his, turn) = until_her_changes(&wang, &chen);
    his.receive(&chen.device, &turn).expect("her turn");
    assert!(chen.request(ride).is_ok(), "her request reached him");
}

#[tokio::test]
async fn a_phone_of_the_previous_protocol_version_is_refused_with_a_reason_it_can_read() {
    let (_relay, wang, chen, _ride) = basement().await;
    let credential = wang.device.credentials().expect("read").remove(0).1;
    let old_hello = Frame::Hello {
        version: 1,
        credential,
        challenge: hex::encode([7u8; 32]),
    };
    let (mut his, _) = PeerLink::open(&chen.device, false, None).expect("his link");
    let why = his
        .receive(&chen.device, &frame::encode(&old_hello))
        .expect_err("refused")
        .to_string();
    assert!(why.contains("version 1 is not supported"), "{why}");
    // The refusal is a plain CBOR frame, as a phone of version 1 reads every frame.
    let told = his.farewell();
    let bye: Frame = ciborium::from_reader(&told[4..]).expect("plain CBOR");
    assert!(
        matches!(&bye, Frame::Bye { reason: Some(r) } if r.contains("version 1 is not supported")),
        "{bye:?}"
    );

    // This build's own hello is plain too, so a phone of version 1 reads which version it is.
    let (_, first) = PeerLink::open(&wang.device, true, None).expect("her link");
    let hello: Frame = ciborium::from_reader(&first[4..]).expect("plain CBOR");
    assert!(matches!(hello, Frame::Hello { version: 2, .. }), "{hello:?}");
}
