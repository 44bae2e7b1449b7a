//! What two phones send each other over any byte stream (TCP on a local network, Bluetooth, a
//! test's pipe): [`Frame`]s, and one frame as a plain packet (a 4-byte big-endian length and
//! the frame's CBOR). How frames travel packed and are read back off the stream is
//! [`super::stream`].

use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;

use super::credential::SignedCredential;
use crate::ids::DocId;
use crate::kinds::DocKind;

/// The version of the peer protocol this build speaks (sent in the hello). Version 2 packs
/// what follows the hello ([`super::pack`]) and sends a change's signature without its hash;
/// a phone refuses a peer of another version, with a `bye` saying why.
pub const PEER_VERSION: u32 = 2;
/// The longest frame a phone reads (as the relay's longest body).
pub const MAX_FRAME: usize = crate::protocol::MAX_BODY_BYTES;

/// One message between phones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frame {
    /// The handshake's hello: the sender's credential and a fresh challenge (hex of 32 bytes).
    Hello {
        /// [`PEER_VERSION`].
        version: u32,
        /// What the relay vouches for about the sender.
        credential: SignedCredential,
        /// The challenge the other must sign.
        challenge: String,
    },
    /// The handshake's proof: the sender's device key's signature (hex) over the challenge.
    Proof {
        /// The signature.
        signature: String,
    },
    /// One Automerge sync message about one document.
    Sync(DocSync),
    /// The receiver refuses a document the sender offered (or the changes it sent of it); the
    /// sender stops syncing it.
    Refused {
        /// The document.
        doc: DocId,
        /// Why, for a person.
        reason: String,
    },
    /// The end of the sender's turn: the other answers everything at once.
    End,
    /// The session is over: nothing more to say, or (with a reason) the link is refused.
    Bye {
        /// Why the link ends early, if it does.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
}

/// One Automerge sync message about one document, with what the receiver needs to trust the
/// changes in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocSync {
    /// The document.
    pub doc: DocId,
    /// Its kind.
    pub kind: DocKind,
    /// The group it is filed under.
    pub group: DocId,
    /// The sync message (`automerge::sync::Message::encode`).
    pub message: ByteBuf,
    /// The authors' signatures of the changes the message carries, 64 bytes each, one after the
    /// other in the order of the message's changes (the receiver computes each change's hash
    /// from its bytes, so none is sent).
    #[serde(default, skip_serializing_if = "no_bytes")]
    pub signatures: ByteBuf,
    /// The credentials of their authors other than the sender, the first time each is needed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<SignedCredential>,
}

fn no_bytes(bytes: &ByteBuf) -> bool {
    bytes.is_empty()
}

/// The length of one signature in [`DocSync::signatures`].
pub const SIGNATURE_LEN: usize = 64;

/// A frame as bytes on the stream, plain.
pub fn encode(frame: &Frame) -> Vec<u8> {
    packet(&crate::protocol::encode(frame))
}

/// A packet: the body's length (4 bytes, big-endian), then the body.
pub fn packet(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(4 + body.len());
    out.extend_from_slice(&(body.len() as u32).to_be_bytes());
    out.extend_from_slice(body);
    out
}

/// Why the bytes received are not frames.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadFrame {
    /// Longer than [`MAX_FRAME`].
    #[error("a frame of {0} bytes is longer than a phone accepts")]
    TooLong(usize),
    /// Not a frame of this protocol.
    #[error("a frame does not read: {0}")]
    Unreadable(String),
    /// A packet that would inflate past [`MAX_FRAME`] (a decompression bomb).
    #[error("a packet inflates to more than a phone accepts")]
    Inflates,
}
