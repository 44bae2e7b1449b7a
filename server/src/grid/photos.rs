//! Attachments (photos) through the relay: content-addressed blobs with resumable upload.
//!
//! `HEAD /v1/groups/{group}/blobs/{sha256}` answers how many bytes the relay holds in the
//! `Upload-Offset` header (`Upload-Complete: ?1` once it holds them all); `PATCH` (or `PUT`)
//! with `Upload-Offset` and `Upload-Length` appends one chunk at that offset; when the last
//! chunk arrives the relay checks the SHA-256 and refuses a mismatch (422), keeping nothing.
//! `GET` downloads a complete blob. Devices that read the group may upload; only those who may
//! read a document naming the blob may download it (`access/photos.rs`: a visit's photo follows
//! its household, a report's photo its reporter and the group's grid workers and staff). For
//! anyone else every answer is the plain 404 of a blob that does not exist. Blobs larger than
//! [`MAX_BLOB_BYTES`] are refused with 413.
//!
//! Unfinished uploads are limited (`grid/uploads.rs`): a member holds at most so many bytes
//! of them (a chunk past that is answered 429 with `Retry-After`, an attachment larger than that
//! quota and sent in pieces 413), and one still unfinished a day after it started is removed,
//! when the next upload or status call arrives or on the relay's hourly sweep.
//!
//! On disk under the data directory: `blobs/<group>/<sha256>` when complete and
//! `blobs/<group>/<sha256>.part` while an upload is under way, with `<sha256>.part.owner` beside
//! it naming who started it and when.

use jinlin_model::refusal::Refusal;
use std::fs::{self, OpenOptions};
use std::io::Write as _;
use std::path::{Path as FsPath, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::header::{CONTENT_TYPE, RETRY_AFTER};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use jinlin_model::photo::{MAX_BLOB_BYTES, check_hash, hash_of};
use jinlin_model::{Clock, DocId, MemberId};

use crate::AppState;
use crate::auth::Authed;
use crate::error::{AppError, Error, error_response};
use crate::grid::uploads::{OverQuota, Unfinished, UploadLimits, remove_if_present};

/// Bytes the relay holds of a blob.
pub const UPLOAD_OFFSET: &str = "upload-offset";
/// The blob's whole size, sent with each chunk.
pub const UPLOAD_LENGTH: &str = "upload-length";
/// `?1` once the relay holds the whole blob.
pub const UPLOAD_COMPLETE: &str = "upload-complete";

const NO_SUCH_BLOB: &str = Refusal::NoSuchAttachment.en();

/// How often the relay removes expired unfinished uploads even when no upload arrives.
pub const SWEEP_EVERY: Duration = Duration::from_secs(3600);

/// Where the relay keeps blobs. One lock serialises writes (and holds the record of unfinished
/// uploads) so two uploads of the same blob cannot interleave their chunks.
#[derive(Debug)]
pub struct BlobStore {
    dir: PathBuf,
    clock: Arc<dyn Clock>,
    writing: Mutex<Unfinished>,
}

/// How much of a blob the relay holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Held {
    /// All of it.
    Complete(u64),
    /// The first bytes of an upload under way (0: nothing).
    Partial(u64),
}

impl Held {
    fn offset(self) -> u64 {
        match self {
            Held::Complete(n) | Held::Partial(n) => n,
        }
    }
}

/// What an appended chunk led to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Appended {
    /// Stored; the relay now holds this much.
    Held(Held),
    /// The chunk did not start where the relay's copy ends.
    WrongOffset(u64),
    /// The whole blob arrived but does not hash to its name; nothing is kept.
    Mismatch,
    /// Keeping the chunk would pass the sender's quota of unfinished uploads; nothing is kept.
    OverQuota(OverQuota),
}

impl BlobStore {
    /// Blobs under `data_dir/blobs`, unfinished uploads held within `limits` by `clock`.
    pub fn new(data_dir: &FsPath, clock: Arc<dyn Clock>, limits: UploadLimits) -> Self {
        let dir = data_dir.join("blobs");
        let unfinished = Unfinished::scan(&dir, limits, clock.now_ms());
        BlobStore {
            dir,
            clock,
            writing: Mutex::new(unfinished),
        }
    }

    fn paths(&self, group: DocId, hash: &str) -> (PathBuf, PathBuf) {
        let dir = self.dir.join(group.to_string());
        (dir.join(hash), dir.join(format!("{hash}.part")))
    }

    /// The write lock, with expired unfinished uploads removed.
    fn writing(&self) -> Result<MutexGuard<'_, Unfinished>, Error> {
        let mut unfinished = self.writing.lock().unwrap_or_else(|p| p.into_inner());
        for (group, hash) in unfinished.expired(self.clock.now_ms()) {
            let part = self.paths(group, &hash).1;
            remove_if_present(&part)?;
            unfinished.forget(&(group, hash), &part)?;
            tracing::debug!(%group, "an unfinished upload expired and was removed");
        }
        Ok(unfinished)
    }

    /// Removes unfinished uploads that have expired.
    pub fn sweep(&self) -> Result<(), Error> {
        self.writing().map(drop)
    }

    /// How much of a blob is held (after removing expired unfinished uploads).
    pub fn status(&self, group: DocId, hash: &str) -> Result<Held, Error> {
        let _writing = self.writing()?;
        self.held(group, hash)
    }

    /// How much of a blob is held.
    pub fn held(&self, group: DocId, hash: &str) -> Result<Held, Error> {
        let (done, part) = self.paths(group, hash);
        if let Ok(meta) = fs::metadata(&done) {
            return Ok(Held::Complete(meta.len()));
        }
        match fs::metadata(&part) {
            Ok(meta) => Ok(Held::Partial(meta.len())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Held::Partial(0)),
            Err(e) => Err(e.into()),
        }
    }

    /// A complete blob's bytes.
    pub fn read(&self, group: DocId, hash: &str) -> Result<Option<Vec<u8>>, Error> {
        match fs::read(self.paths(group, hash).0) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// `sender` appends `chunk` at `offset` of a blob of `length` bytes; checks the hash when
    /// complete, and the quota of unfinished uploads while not.
    pub fn append(
        &self,
        sender: MemberId,
        group: DocId,
        hash: &str,
        offset: u64,
        length: u64,
        chunk: &[u8],
    ) -> Result<Appended, Error> {
        let mut unfinished = self.writing()?;
        let held = self.held(group, hash)?;
        if let Held::Complete(_) = held {
            return Ok(Appended::Held(held));
        }
        if offset != held.offset() {
            return Ok(Appended::WrongOffset(held.offset()));
        }
        let now = self.clock.now_ms();
        let key = (group, hash.to_string());
        let after = offset + chunk.len() as u64;
        if after < length
            && let Err(over) = unfinished.check(&key, sender, length, after, now)
        {
            return Ok(Appended::OverQuota(over));
        }
        let (done, part) = self.paths(group, hash);
        if let Some(dir) = part.parent() {
            fs::create_dir_all(dir)?;
        }
        if after < length && !unfinished.knows(&key) {
            unfinished.start(key.clone(), &part, sender, now)?;
        }
        let mut file = OpenOptions::new().create(true).append(true).open(&part)?;
        file.write_all(chunk)?;
        file.sync_data()?;
        unfinished.held(&key, after);
        if after < length {
            return Ok(Appended::Held(Held::Partial(after)));
        }
        let bytes = fs::read(&part)?;
        if hash_of(&bytes) != hash {
            fs::remove_file(&part)?;
            unfinished.forget(&key, &part)?;
            return Ok(Appended::Mismatch);
        }
        fs::rename(&part, &done)?;
        unfinished.forget(&key, &part)?;
        Ok(Appended::Held(Held::Complete(after)))
    }
}

/// Removes expired unfinished uploads every [`SWEEP_EVERY`], for a relay no upload reaches.
pub async fn run_sweeps(store: Arc<BlobStore>) {
    let mut every = tokio::time::interval(SWEEP_EVERY);
    loop {
        every.tick().await;
        let store = store.clone();
        match tokio::task::spawn_blocking(move || store.sweep()).await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => tracing::warn!(error = %e, "removing expired uploads failed"),
            Err(e) => tracing::warn!(error = %e, "removing expired uploads stopped"),
        }
    }
}

/// The blob routes.
pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/v1/groups/{group_id}/blobs/{hash}",
        get(download).head(status).patch(upload).put(upload),
    )
}

/// What a call does with a blob.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Use {
    /// `HEAD` and `PATCH`: contributing bytes (any device that reads the group).
    Upload,
    /// `GET`: reading them (only those who may read a document naming it; `access/photos.rs`).
    Read,
}

/// Checks the caller may do `wanted` with the blob and the name is a blob name; otherwise the
/// 404 of a blob that does not exist.
async fn target(
    state: &AppState,
    device: &Authed,
    group: &str,
    hash: &str,
    wanted: Use,
) -> Result<(DocId, String), AppError> {
    let group: DocId = group.parse().map_err(|_| AppError::NotFound(NO_SUCH_BLOB))?;
    if check_hash(hash).is_err() {
        return Err(AppError::NotFound(NO_SUCH_BLOB));
    }
    let member = device.0.member_id;
    let name = hash.to_string();
    let allowed = state
        .blocking(move |r| {
            Ok(match wanted {
                Use::Upload => r.access(member)?.groups().contains(&group),
                Use::Read => r.may_read_blob(member, group, &name)?,
            })
        })
        .await?;
    if !allowed {
        return Err(AppError::NotFound(NO_SUCH_BLOB));
    }
    Ok((group, hash.to_string()))
}

async fn on_disk<T: Send + 'static>(
    store: Arc<BlobStore>,
    f: impl FnOnce(&BlobStore) -> Result<T, Error> + Send + 'static,
) -> Result<T, AppError> {
    tokio::task::spawn_blocking(move || f(&store))
        .await
        .map_err(|e| AppError::Internal(Error::Task(e.to_string())))?
        .map_err(AppError::Internal)
}

fn offset_headers(held: Held) -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert(UPLOAD_OFFSET, HeaderValue::from(held.offset()));
    let complete = if matches!(held, Held::Complete(_)) { "?1" } else { "?0" };
    h.insert(UPLOAD_COMPLETE, HeaderValue::from_static(complete));
    h
}

async fn status(
    State(state): State<AppState>,
    device: Authed,
    Path((group, hash)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (group, hash) = target(&state, &device, &group, &hash, Use::Upload).await?;
    let held = on_disk(state.blobs(), move |s| s.status(group, &hash)).await?;
    Ok((StatusCode::OK, offset_headers(held)).into_response())
}

async fn download(
    State(state): State<AppState>,
    device: Authed,
    Path((group, hash)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (group, hash) = target(&state, &device, &group, &hash, Use::Read).await?;
    match on_disk(state.blobs(), move |s| s.read(group, &hash)).await? {
        Some(bytes) => Ok(([(CONTENT_TYPE, "application/octet-stream")], bytes).into_response()),
        None => Err(AppError::NotFound(NO_SUCH_BLOB)),
    }
}

fn header_u64(headers: &HeaderMap, name: &str) -> Result<u64, AppError> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .ok_or_else(|| AppError::BadRequest(Refusal::HeaderRequired.with(&[&name])))
}

async fn upload(
    State(state): State<AppState>,
    device: Authed,
    Path((group, hash)): Path<(String, String)>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, AppError> {
    let (group, hash) = target(&state, &device, &group, &hash, Use::Upload).await?;
    let length = header_u64(&headers, UPLOAD_LENGTH)?;
    if length > MAX_BLOB_BYTES as u64 {
        return Ok(error_response(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            Refusal::AttachmentTooLarge.with(&[&MAX_BLOB_BYTES, &length]),
        ));
    }
    let offset = header_u64(&headers, UPLOAD_OFFSET)?;
    let chunk = body.map_err(|r| {
        if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::TooLarge
        } else {
            AppError::BadRequest(r.body_text())
        }
    })?;
    if offset + chunk.len() as u64 > length {
        return Err(AppError::BadRequest(Refusal::ChunkPastLength.into()));
    }
    if chunk.is_empty() && offset < length {
        return Err(AppError::BadRequest(Refusal::EmptyChunk.into()));
    }
    let sender = device.0.member_id;
    let appended = on_disk(state.blobs(), move |s| {
        s.append(sender, group, &hash, offset, length, &chunk)
    })
    .await?;
    Ok(match appended {
        Appended::Held(held) => (StatusCode::NO_CONTENT, offset_headers(held)).into_response(),
        Appended::WrongOffset(at) => {
            let mut res = error_response(StatusCode::CONFLICT, "wrong_offset", Refusal::ContinueFrom.with(&[&at]));
            res.headers_mut().extend(offset_headers(Held::Partial(at)));
            res
        }
        Appended::Mismatch => error_response(
            StatusCode::UNPROCESSABLE_ENTITY,
            "hash_mismatch",
            Refusal::AttachmentMismatch.into(),
        ),
        Appended::OverQuota(over) => over_quota(over),
    })
}

fn over_quota(over: OverQuota) -> Response {
    match over {
        OverQuota::TooLarge { limit } => error_response(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            Refusal::UnfinishedTooLarge.with(&[&limit]),
        ),
        OverQuota::Full {
            limit,
            held,
            retry_after,
        } => {
            let secs = retry_after.as_secs().max(1);
            let mut res = error_response(
                StatusCode::TOO_MANY_REQUESTS,
                "too_many",
                Refusal::UnfinishedFull.with(&[&held, &limit, &secs]),
            );
            if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
                res.headers_mut().insert(RETRY_AFTER, v);
            }
            res
        }
    }
}
