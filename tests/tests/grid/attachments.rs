//! Attachments through the relay: an upload cut off mid-way resumes at the recorded offset and
//! arrives whole; bytes that do not match their name are refused; a blob over the limit gets a
//! clear 413; and someone outside the group is told the blob does not exist.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use jinlin_core::net::client::RelayClient;
use jinlin_core::net::photos::{self, CHUNK_BYTES};
use jinlin_model::photo::{MAX_BLOB_BYTES, hash_of};
use jinlin_tests::{Phone, test_options};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::patch::patch;

/// A loopback proxy to `target` that forwards the first `budget` bytes sent towards the relay
/// (over all connections) and then cuts every connection: a phone losing its signal.
async fn cutting_proxy(target: SocketAddr, budget: usize) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let left = Arc::new(AtomicUsize::new(budget));
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let left = Arc::clone(&left);
            tokio::spawn(async move {
                let Ok(relay) = TcpStream::connect(target).await else {
                    return;
                };
                let (mut from_client, mut to_client) = client.into_split();
                let (mut from_relay, mut to_relay) = relay.into_split();
                let down = tokio::spawn(async move { tokio::io::copy(&mut from_relay, &mut to_client).await });
                let mut buf = vec![0u8; 16 * 1024];
                loop {
                    let n = match from_client.read(&mut buf).await {
                        Ok(0) | Err(_) => break,
                        Ok(n) => n,
                    };
                    let allowed = left
                        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |l| Some(l.saturating_sub(n)))
                        .unwrap_or(0)
                        .min(n);
                    if allowed > 0 && to_relay.write_all(&buf[..allowed]).await.is_err() {
                        break;
                    }
                    if allowed < n {
                        break;
                    }
                }
                down.abort();
            });
        }
    });
    addr
}

fn photo(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 7 % 253) as u8).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interrupted_photo_upload_resumes_where_it_stopped_and_arrives_whole() {
    let p = patch().await;
    let bytes = photo(4 * CHUNK_BYTES + 1000);
    let hash = p.worker.add_blob(p.group, &bytes).expect("photo");

    // The signal drops after two and a half chunks.
    let relay_addr: SocketAddr = p.relay.url().trim_start_matches("http://").parse().expect("addr");
    let proxy = cutting_proxy(relay_addr, 2 * CHUNK_BYTES + CHUNK_BYTES / 2).await;
    let token = p.worker.settings().token;
    let flaky = RelayClient::with_options(&format!("http://{proxy}"), test_options())
        .expect("client")
        .with_token(token);
    let cut = photos::upload_pending(&p.worker, &flaky).await;
    assert!(matches!(cut, Err(jinlin_core::Error::Offline(_))), "{cut:?}");
    let pending = p.worker.pending_blobs().expect("pending");
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].uploaded, 2 * CHUNK_BYTES, "two chunks are recorded as held");
    assert_eq!(
        photos::relay_holds(&p.worker.client(), p.group, &hash)
            .await
            .expect("head"),
        2 * CHUNK_BYTES
    );

    // Back in signal: the upload starts at the recorded offset, not at zero.
    let sent = photos::upload_blob(&p.worker, &p.worker.client(), &pending[0], CHUNK_BYTES)
        .await
        .expect("resumed");
    assert_eq!(sent as usize, bytes.len() - 2 * CHUNK_BYTES);
    assert!(p.worker.pending_blobs().expect("pending").is_empty());

    let fetched = photos::fetch_blob(&p.staff, &p.staff.client(), &hash, Some(p.group))
        .await
        .expect("fetched");
    assert_eq!(hash_of(&fetched), hash);
    assert_eq!(fetched, bytes);
}

fn http() -> reqwest::Client {
    reqwest::Client::new()
}

fn blob_url(phone_relay: &str, group: jinlin_core::DocId, hash: &str) -> String {
    format!("{phone_relay}/v1/groups/{group}/blobs/{hash}")
}

fn bearer(phone: &Phone) -> String {
    format!("Bearer {}", phone.settings().token)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tampered_blob_is_refused_and_nothing_is_kept() {
    let p = patch().await;
    let real = photo(1000);
    let hash = hash_of(&real);
    let mut tampered = real.clone();
    tampered[500] ^= 0xff;
    let url = blob_url(&p.relay.url(), p.group, &hash);
    let res = http()
        .patch(&url)
        .header("authorization", bearer(&p.worker))
        .header("upload-offset", "0")
        .header("upload-length", tampered.len().to_string())
        .body(tampered)
        .send()
        .await
        .expect("answer");
    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json().await.expect("json error");
    assert_eq!(body["error"], "hash_mismatch");

    let head = http()
        .head(&url)
        .header("authorization", bearer(&p.worker))
        .send()
        .await
        .expect("head");
    assert_eq!(head.headers()["upload-offset"], "0");
    let get = http()
        .get(&url)
        .header("authorization", bearer(&p.worker))
        .send()
        .await
        .expect("get");
    assert_eq!(get.status(), 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_blob_over_ten_mebibytes_is_refused_with_413() {
    let p = patch().await;
    let url = blob_url(&p.relay.url(), p.group, &hash_of(b"big"));
    let res = http()
        .patch(&url)
        .header("authorization", bearer(&p.worker))
        .header("upload-offset", "0")
        .header("upload-length", (MAX_BLOB_BYTES + 1).to_string())
        .body(vec![0u8; 1024])
        .send()
        .await
        .expect("answer");
    assert_eq!(res.status(), 413);
    let body: serde_json::Value = res.json().await.expect("json error");
    assert!(body["message"].as_str().expect("message").contains("at most"));
    assert!(p.worker.add_blob(p.group, &vec![1u8; MAX_BLOB_BYTES + 1]).is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn someone_outside_the_group_is_told_the_photo_does_not_exist() {
    let p = patch().await;
    let bytes = photo(5000);
    let hash = p.worker.add_blob(p.group, &bytes).expect("photo");
    p.worker.sync().await;
    assert!(p.worker.pending_blobs().expect("pending").is_empty());

    let outsider = Phone::registered("Stranger", "99", &p.relay).await;
    let held = http()
        .get(blob_url(&p.relay.url(), p.group, &hash))
        .header("authorization", bearer(&outsider))
        .send()
        .await
        .expect("get");
    let missing = http()
        .get(blob_url(&p.relay.url(), p.group, &hash_of(b"never uploaded")))
        .header("authorization", bearer(&outsider))
        .send()
        .await
        .expect("get");
    assert_eq!(held.status(), 404);
    assert_eq!(held.status(), missing.status());
    assert_eq!(held.text().await.expect("body"), missing.text().await.expect("body"));
    assert!(
        photos::fetch_blob(&outsider, &outsider.client(), &hash, Some(p.group))
            .await
            .is_err()
    );
}
