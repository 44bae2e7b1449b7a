//! What two phones send each other over any byte stream (TCP on a local network, Bluetooth, a
//! test's pipe): [`Frame`]s, each a 4-byte big-endian length and that many bytes of CBOR. A
//! [`Reader`] takes bytes as they arrive and yields whole frames; a frame longer than
//! [`MAX_FRAME`] ends the link before anything is buffered for it.

use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;

use super::credential::SignedCredential;
use crate::ids::DocId;
use crate::kinds::DocKind;
use crate::protocol::ChangeSignature;

/// The version of the peer protocol this build speaks (sent in the hello).
pub const PEER_VERSION: u32 = 1;
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
    /// The authors' signatures of the changes the message carries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signatures: Vec<ChangeSignature>,
    /// The credentials of their authors other than the sender, the first time each is needed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<SignedCredential>,
}

/// A frame as bytes on the stream.
pub fn encode(frame: &Frame) -> Vec<u8> {
    let body = crate::protocol::encode(frame);
    let mut out = Vec::with_capacity(4 + body.len());
    out.extend_from_slice(&(body.len() as u32).to_be_bytes());
    out.extend_from_slice(&body);
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
}

/// Whole frames out of a byte stream.
#[derive(Debug, Default)]
pub struct Reader {
    buffer: Vec<u8>,
}

impl Reader {
    /// Takes bytes as they arrived.
    pub fn push(&mut self, bytes: &[u8]) {
        self.buffer.extend_from_slice(bytes);
    }

    /// The next whole frame, if one has arrived.
    pub fn next_frame(&mut self) -> Result<Option<Frame>, BadFrame> {
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
        let frame = ciborium::from_reader(&self.buffer[4..4 + len]).map_err(|e| BadFrame::Unreadable(e.to_string()));
        self.buffer.drain(..4 + len);
        frame.map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_come_out_whole_however_the_bytes_are_cut() {
        let frames = [
            Frame::End,
            Frame::Refused {
                doc: DocId::random(),
                reason: "no".into(),
            },
            Frame::Bye { reason: None },
        ];
        let bytes: Vec<u8> = frames.iter().flat_map(encode).collect();
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
    fn a_frame_longer_than_a_phone_accepts_ends_the_link_before_it_is_buffered() {
        let mut reader = Reader::default();
        reader.push(&(MAX_FRAME as u32 + 1).to_be_bytes());
        assert_eq!(reader.next_frame(), Err(BadFrame::TooLong(MAX_FRAME + 1)));
    }
}
