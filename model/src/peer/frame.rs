//! What two phones send each other over any byte stream (TCP on a local network, Bluetooth, a
//! test's pipe): [`Frame`]s. On the stream, each packet is a 4-byte big-endian length and that
//! many bytes: a frame's CBOR (the handshake's `hello` and a `bye`, which a phone of any version
//! reads), or everything else a phone says at once, deflated ([`super::pack`]). A [`Reader`]
//! takes bytes as they arrive and yields whole frames; a packet longer than [`MAX_FRAME`], or
//! one that would inflate past it, ends the link before anything is buffered or read for it.

use std::collections::VecDeque;

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

/// Frames a phone says at once, as bytes on the stream: `hello` and `bye` plain, so a phone of
/// another version can read them, everything else packed.
pub fn encode_all(frames: &[Frame]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut packed = Vec::new();
    for frame in frames {
        if matches!(frame, Frame::Hello { .. } | Frame::Bye { .. }) {
            out.extend(
                super::pack::pack(&std::mem::take(&mut packed))
                    .iter()
                    .flat_map(|b| packet(b)),
            );
            out.extend(encode(frame));
        } else {
            packed.push(frame.clone());
        }
    }
    out.extend(super::pack::pack(&packed).iter().flat_map(|b| packet(b)));
    out
}

fn packet(body: &[u8]) -> Vec<u8> {
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

/// Whole frames out of a byte stream.
#[derive(Debug, Default)]
pub struct Reader {
    buffer: Vec<u8>,
    /// Frames of a packet read, not yet taken.
    unpacked: VecDeque<Frame>,
}

impl Reader {
    /// Takes bytes as they arrived.
    pub fn push(&mut self, bytes: &[u8]) {
        self.buffer.extend_from_slice(bytes);
    }

    /// The next whole frame, if one has arrived.
    pub fn next_frame(&mut self) -> Result<Option<Frame>, BadFrame> {
        loop {
            if let Some(frame) = self.unpacked.pop_front() {
                return Ok(Some(frame));
            }
            let Some(len) = self.buffer.get(..4) else {
                return Ok(None);
            };
            let len = u32::from_be_bytes([len[0], len[1], len[2], len[3]]) as usize;
            if len > MAX_FRAME {
                return Err(BadFrame::TooLong(len));
            }
            if self.buffer.len() < 4 + len {
                return Ok(None);
            }
            let body = &self.buffer[4..4 + len];
            let read = match body.split_first() {
                Some((&super::pack::PACKED, deflated)) => super::pack::unpack(deflated),
                _ => ciborium::from_reader(body)
                    .map(|f| vec![f])
                    .map_err(|e| BadFrame::Unreadable(e.to_string())),
            };
            self.buffer.drain(..4 + len);
            self.unpacked.extend(read?);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_come_out_whole_however_the_bytes_are_cut() {
        let frames = [
            Frame::Proof { signature: "ab".into() },
            Frame::End,
            Frame::Bye {
                reason: Some("bye".into()),
            },
            Frame::Refused {
                doc: DocId::random(),
                reason: "no".into(),
            },
            Frame::End,
            Frame::Bye { reason: None },
        ];
        let bytes = encode_all(&frames);
        let mut reader = Reader::default();
        let mut out = Vec::new();
        for b in bytes.chunks(3) {
            reader.push(b);
            while let Some(f) = reader.next_frame().expect("frame") {
                out.push(f);
            }
        }
        assert_eq!(out, frames);
    }

    #[test]
    fn a_bye_travels_plain_so_a_phone_of_another_version_reads_why_it_was_refused() {
        let bye = Frame::Bye {
            reason: Some("peer protocol version 1 is not supported".into()),
        };
        let bytes = encode_all(std::slice::from_ref(&bye));
        assert_eq!(bytes, encode(&bye));
        let plain: Frame = ciborium::from_reader(&bytes[4..]).expect("plain CBOR");
        assert_eq!(plain, bye);
    }

    #[test]
    fn a_frame_longer_than_a_phone_accepts_ends_the_link_before_it_is_buffered() {
        let mut reader = Reader::default();
        reader.push(&(MAX_FRAME as u32 + 1).to_be_bytes());
        assert_eq!(reader.next_frame(), Err(BadFrame::TooLong(MAX_FRAME + 1)));
    }
}
