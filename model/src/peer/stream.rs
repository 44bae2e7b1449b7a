//! Frames on a byte stream. Each packet is a 4-byte big-endian length and that many bytes: one
//! frame's CBOR (the handshake's `hello` and a `bye`, which a phone of any version reads), or
//! everything else a phone says at once, deflated ([`super::pack`]). A [`Reader`] takes bytes as
//! they arrive, cut anywhere, and yields whole frames; a packet longer than [`MAX_FRAME`], or one
//! that would inflate past it, ends the link before anything is buffered or read for it.

use std::collections::VecDeque;

use super::frame::{BadFrame, Frame, MAX_FRAME, encode, packet};
use super::pack::{self, PACKED};

/// Frames a phone says at once, as bytes on the stream: `hello` and `bye` plain, so a phone of
/// another version can read them, everything else packed.
pub fn encode_all(frames: &[Frame]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut packed = Vec::new();
    for frame in frames {
        if matches!(frame, Frame::Hello { .. } | Frame::Bye { .. }) {
            out.extend(pack::pack(&std::mem::take(&mut packed)).iter().flat_map(|b| packet(b)));
            out.extend(encode(frame));
        } else {
            packed.push(frame.clone());
        }
    }
    out.extend(pack::pack(&packed).iter().flat_map(|b| packet(b)));
    out
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
                Some((&PACKED, deflated)) => pack::unpack(deflated),
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
    use crate::ids::DocId;

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
