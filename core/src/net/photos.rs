//! Attachments to and from the relay (`/v1/groups/{group}/blobs/{sha256}`, see
//! docs/PROTOCOL.md). Uploads go in chunks of [`CHUNK_BYTES`]; after each chunk the device
//! records how much the relay holds ([`Device::record_blob_upload`]), so an upload cut off by a
//! lost connection starts again at that offset rather than at zero. If the relay holds a
//! different amount (it answers 409 with its own `Upload-Offset`), the upload continues from the
//! relay's figure. Blobs of others are fetched only when someone looks at them, and kept only if
//! they hash to their name.

use jinlin_model::refusal::Refusal;
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};

use crate::device::Device;
use crate::net::client::RelayClient;
use crate::store::blobs::PendingBlob;
use jinlin_model::error::{Error, Result};
use jinlin_model::ids::DocId;
use jinlin_model::photo::check_hash;
use jinlin_model::protocol::ErrorBody;

/// Bytes sent per upload request.
pub const CHUNK_BYTES: usize = 256 * 1024;
/// Header: bytes the relay holds.
pub const UPLOAD_OFFSET: &str = "upload-offset";
/// Header: the blob's whole size.
pub const UPLOAD_LENGTH: &str = "upload-length";

/// What one round of uploads did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct BlobUploads {
    /// Blobs the relay now holds whole.
    pub completed: usize,
    /// Bytes sent in this round.
    pub bytes_sent: u64,
}

fn blob_path(group: DocId, hash: &str) -> String {
    format!("/v1/groups/{group}/blobs/{hash}")
}

fn offset_of(headers: &HeaderMap) -> Option<usize> {
    headers
        .get(UPLOAD_OFFSET)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok())
}

async fn refusal(status: StatusCode, resp: reqwest::Response) -> Error {
    let message = match resp.bytes().await {
        Ok(b) => serde_json::from_slice::<ErrorBody>(&b)
            .map(|e| e.message)
            .unwrap_or_else(|_| status.canonical_reason().unwrap_or("unexpected answer").to_string()),
        Err(e) => e.to_string(),
    };
    Error::Relay {
        status: status.as_u16(),
        message,
    }
}

fn offline(e: reqwest::Error) -> Error {
    Error::Offline(format!("attachment transfer broke off: {e}"))
}

/// Uploads every attachment the relay does not hold whole yet, oldest first. Stops at the first
/// failure (the rest wait for the next sync); what was sent so far stays recorded.
pub async fn upload_pending(device: &Device, client: &RelayClient) -> Result<BlobUploads> {
    let mut done = BlobUploads::default();
    for pending in device.pending_blobs()? {
        done.bytes_sent += upload_blob(device, client, &pending, CHUNK_BYTES).await?;
        done.completed += 1;
    }
    Ok(done)
}

/// Uploads one attachment in chunks of `chunk` bytes, starting at the offset recorded on the
/// device. Returns the bytes sent.
pub async fn upload_blob(device: &Device, client: &RelayClient, blob: &PendingBlob, chunk: usize) -> Result<u64> {
    let bytes = device
        .blob(&blob.hash)?
        .ok_or_else(|| Error::InvalidInput(Refusal::AttachmentNotHere.with(&[&blob.hash])))?;
    let chunk = chunk.max(1);
    let path = blob_path(blob.group_id, &blob.hash);
    let mut offset = blob.uploaded.min(bytes.len());
    let mut sent = 0u64;
    let mut conflicts = 0;
    loop {
        let end = (offset + chunk).min(bytes.len());
        let resp = client
            .raw_request(Method::PATCH, &path)?
            .header(UPLOAD_OFFSET, offset)
            .header(UPLOAD_LENGTH, bytes.len())
            .header(reqwest::header::CONTENT_TYPE, "application/octet-stream")
            .body(bytes[offset..end].to_vec())
            .send()
            .await
            .map_err(offline)?;
        let status = resp.status();
        let held = offset_of(resp.headers());
        match status {
            s if s.is_success() => {
                sent += (end - offset) as u64;
                offset = held.unwrap_or(end);
                device.record_blob_upload(&blob.hash, offset)?;
                if offset >= bytes.len() {
                    return Ok(sent);
                }
            }
            StatusCode::CONFLICT if conflicts < 3 => {
                // The relay holds a different amount than recorded here: go on from its figure.
                conflicts += 1;
                offset = held.unwrap_or(0).min(bytes.len());
                device.record_blob_upload(&blob.hash, offset)?;
            }
            StatusCode::UNPROCESSABLE_ENTITY => {
                device.record_blob_upload(&blob.hash, 0)?;
                return Err(refusal(status, resp).await);
            }
            _ => return Err(refusal(status, resp).await),
        }
    }
}

/// How much of an attachment the relay holds (`HEAD`).
pub async fn relay_holds(client: &RelayClient, group: DocId, hash: &str) -> Result<usize> {
    check_hash(hash)?;
    let resp = client
        .raw_request(Method::HEAD, &blob_path(group, hash))?
        .send()
        .await
        .map_err(offline)?;
    let status = resp.status();
    if !status.is_success() {
        return Err(Error::Relay {
            status: status.as_u16(),
            message: "no such attachment".into(),
        });
    }
    Ok(offset_of(resp.headers()).unwrap_or(0))
}

/// An attachment's bytes: from this device if it holds them, otherwise fetched from the relay
/// (from `group`, or from whichever of the device's groups holds it) and kept.
pub async fn fetch_blob(device: &Device, client: &RelayClient, hash: &str, group: Option<DocId>) -> Result<Vec<u8>> {
    check_hash(hash)?;
    if let Some(bytes) = device.blob(hash)? {
        return Ok(bytes);
    }
    let groups: Vec<DocId> = match group {
        Some(g) => vec![g],
        None => device.groups()?.iter().map(|g| g.id).collect(),
    };
    for g in groups {
        let resp = client
            .raw_request(Method::GET, &blob_path(g, hash))?
            .send()
            .await
            .map_err(offline)?;
        let status = resp.status();
        if status == StatusCode::NOT_FOUND {
            continue;
        }
        if !status.is_success() {
            return Err(refusal(status, resp).await);
        }
        let bytes = resp.bytes().await.map_err(offline)?;
        device.put_fetched_blob(g, hash, &bytes)?;
        return Ok(bytes.to_vec());
    }
    Err(Error::InvalidInput(Refusal::RelayHoldsNoAttachment.with(&[&hash])))
}

/// The sound of a request's voice note: from this device, or fetched from the relay under the
/// request's group (a neighbour alerted from another building reads it there) and kept only if
/// it hashes to its name and has the size the note gives.
pub async fn fetch_voice(
    device: &Device,
    client: &RelayClient,
    request: DocId,
) -> Result<(jinlin_model::docs::request::voice::VoiceNote, Vec<u8>)> {
    let view = device.request(request)?;
    let note = view
        .voice
        .ok_or_else(|| Error::InvalidInput(Refusal::NoVoiceNote.into()))?;
    let bytes = match device.blob(&note.blob)? {
        Some(bytes) => bytes,
        None => {
            let resp = client
                .raw_request(Method::GET, &blob_path(view.group_id, &note.blob))?
                .send()
                .await
                .map_err(offline)?;
            let status = resp.status();
            if !status.is_success() {
                return Err(refusal(status, resp).await);
            }
            let bytes = resp.bytes().await.map_err(offline)?.to_vec();
            jinlin_model::docs::request::voice::check_bytes(&note, &bytes)?;
            device.put_fetched_blob(view.group_id, &note.blob, &bytes)?;
            bytes
        }
    };
    Ok((note, bytes))
}
