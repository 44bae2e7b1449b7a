//! Packed frames: everything a phone says at once after the handshake (one turn: a sync
//! message per document, then `end`) travels as one deflated packet instead of frame by frame.
//! Consecutive changes repeat their author's actor id, their texts' words and their map keys;
//! frames of one turn repeat field names and the group's id; deflate takes those out. Signatures
//! and hashes do not compress, which is why the frames carry as few of them as they can
//! ([`super::frame::DocSync`]).
//!
//! A packet's body is [`PACKED`] followed by raw deflate of the frames' CBOR, one after the
//! other. No frame's CBOR starts with that byte (every frame is a map or a text), so a reader
//! tells a packet from a plain frame by its first byte, and the handshake's frames and a `bye`
//! stay plain: a phone of another protocol version still reads why it was refused.
//!
//! Unpacking is bounded: a packet that inflates to more than [`MAX_UNPACKED`] bytes (a
//! decompression bomb: a few kilobytes that would inflate to gigabytes) is refused once that
//! many bytes have come out, before any frame of it is read.

use std::io::{Read, Write};

use flate2::Compression;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;

use super::frame::{BadFrame, Frame, MAX_FRAME};

/// The first byte of a packet's body (CBOR's unsigned zero, which no frame starts with).
pub const PACKED: u8 = 0x00;
/// The most bytes one packet may inflate to (as long as the longest plain frame).
pub const MAX_UNPACKED: usize = MAX_FRAME;
/// A packet is closed once its frames reach this many bytes before compression, so an honest
/// turn of any size travels as packets each well under [`MAX_UNPACKED`].
const PACK_TARGET: usize = 1024 * 1024;

/// The bodies of the packets carrying `frames` (CBOR before compression, in order), each at
/// most about [`PACK_TARGET`] bytes before compression unless a single frame is longer.
pub fn pack(frames: &[Frame]) -> Vec<Vec<u8>> {
    let mut bodies = Vec::new();
    let mut raw = Vec::new();
    for frame in frames {
        let cbor = crate::protocol::encode(frame);
        if !raw.is_empty() && raw.len() + cbor.len() > PACK_TARGET {
            bodies.push(deflate(&raw));
            raw.clear();
        }
        raw.extend_from_slice(&cbor);
    }
    if !raw.is_empty() {
        bodies.push(deflate(&raw));
    }
    bodies
}

/// `PACKED` and the raw deflate of `raw`.
pub fn deflate(raw: &[u8]) -> Vec<u8> {
    let mut out = vec![PACKED];
    let mut encoder = DeflateEncoder::new(&mut out, Compression::best());
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(raw);
    let _ = encoder.finish();
    out
}

/// The frames in a packet's body (after [`PACKED`]).
pub fn unpack(deflated: &[u8]) -> Result<Vec<Frame>, BadFrame> {
    let mut raw = Vec::new();
    // One byte more than allowed tells a packet that inflates too far from one that just fits.
    let mut decoder = DeflateDecoder::new(deflated).take(MAX_UNPACKED as u64 + 1);
    decoder
        .read_to_end(&mut raw)
        .map_err(|e| BadFrame::Unreadable(format!("a packet does not inflate: {e}")))?;
    if raw.len() > MAX_UNPACKED {
        return Err(BadFrame::Inflates);
    }
    let mut rest = raw.as_slice();
    let mut frames = Vec::new();
    while !rest.is_empty() {
        let frame: Frame = ciborium::from_reader(&mut rest).map_err(|e| BadFrame::Unreadable(e.to_string()))?;
        frames.push(frame);
    }
    Ok(frames)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::DocId;

    #[test]
    fn a_turn_packs_into_fewer_bytes_and_unpacks_to_the_same_frames() {
        let doc = DocId::random();
        let frames: Vec<Frame> = (0..20)
            .map(|_| Frame::Refused {
                doc,
                reason: "this phone may not hold that document".into(),
            })
            .chain([Frame::End])
            .collect();
        let bodies = pack(&frames);
        assert_eq!(bodies.len(), 1);
        let plain: usize = frames.iter().map(|f| crate::protocol::encode(f).len()).sum();
        assert!(bodies[0].len() * 5 < plain, "{} of {plain}", bodies[0].len());
        assert_eq!(bodies[0][0], PACKED);
        assert_eq!(unpack(&bodies[0][1..]).expect("unpacks"), frames);
    }

    #[test]
    fn a_packet_that_inflates_past_the_bound_is_refused_before_any_frame_is_read() {
        // A valid frame first, then zeros: about 9 KiB that would inflate to 9 MiB.
        let mut raw = crate::protocol::encode(&Frame::End);
        raw.resize(MAX_UNPACKED + 1, 0);
        let bomb = deflate(&raw);
        assert!(bomb.len() < 64 * 1024, "{}", bomb.len());
        assert_eq!(unpack(&bomb[1..]), Err(BadFrame::Inflates));
        // Exactly the bound is not a bomb (it is just not frames).
        raw.truncate(MAX_UNPACKED);
        assert!(matches!(unpack(&deflate(&raw)[1..]), Err(BadFrame::Unreadable(_))));
    }

    #[test]
    fn bytes_that_are_not_deflate_are_unreadable_not_a_panic() {
        assert!(matches!(unpack(&[0xFF, 0xFF, 0xFF]), Err(BadFrame::Unreadable(_))));
    }
}
