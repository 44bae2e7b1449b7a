//! The signed webhook, to plug in SMS or messaging gateways: `POST {url}` with a JSON body signed
//! with HMAC-SHA256. Headers: `X-Jinlin-Timestamp: <unix seconds>` and
//! `X-Jinlin-Signature: sha256=<hex of HMAC-SHA256(secret, "<timestamp>.<body>")>`. A receiver
//! recomputes the signature over the raw body and refuses a timestamp more than five minutes old
//! ([`verify_webhook`] does both). The body is the message's data with `to` (the gateway
//! address), and its words in the recipient's language: `language` (`zh-Hans` or `en`),
//! `title`, `body`, and `sms`, the one text message to send (fitting one SMS where it can).

use hmac::{Hmac, KeyInit, Mac as _};
use jinlin_model::{Language, Millis};
use sha2::Sha256;

use super::{PushError, PushMessage, WebhookSettings, refused, transport};

/// HMAC-SHA256 (RFC 2104) of `message` under `key`.
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut mac = webhook_mac(key);
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// HMAC-SHA256 under `key`; any key length is valid for HMAC.
fn webhook_mac(key: &[u8]) -> Hmac<Sha256> {
    <Hmac<Sha256> as KeyInit>::new_from_slice(key).unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"))
}

/// The `X-Jinlin-Signature` value for a body sent at `timestamp` (unix seconds).
pub fn sign_webhook(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let mut mac = webhook_mac(secret.as_bytes());
    mac.update(format!("{timestamp}.").as_bytes());
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// Checks a webhook's signature (in constant time) and that it is at most five minutes old.
pub fn verify_webhook(secret: &str, timestamp: &str, signature: &str, body: &[u8], now_secs: i64) -> bool {
    let Ok(ts) = timestamp.trim().parse::<i64>() else {
        return false;
    };
    if (now_secs - ts).abs() > 300 {
        return false;
    }
    let Some(Ok(presented)) = signature.strip_prefix("sha256=").map(hex::decode) else {
        return false;
    };
    let mut mac = webhook_mac(secret.as_bytes());
    mac.update(format!("{ts}.").as_bytes());
    mac.update(body);
    mac.verify_slice(&presented).is_ok()
}

/// Posts `msg` for the gateway address `to`, worded in `language`, signed at `now`.
pub(super) async fn send(
    http: &reqwest::Client,
    s: &WebhookSettings,
    to: &str,
    language: Language,
    msg: &PushMessage,
    now: Millis,
) -> Result<(), PushError> {
    let mut body = msg.worded_data(language);
    body.insert("to".into(), to.into());
    body.insert("sms".into(), msg.sms(language).into());
    let body = serde_json::to_vec(&body).map_err(|e| PushError::Transport(e.to_string()))?;
    let ts = now.div_euclid(1000);
    let resp = http
        .post(&s.url)
        .header("content-type", "application/json")
        .header("x-jinlin-timestamp", ts.to_string())
        .header("x-jinlin-signature", sign_webhook(&s.secret, ts, &body))
        .body(body)
        .send()
        .await
        .map_err(transport)?;
    if resp.status().is_success() {
        Ok(())
    } else {
        Err(refused(resp).await)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_the_rfc_4231_test_vector() {
        // RFC 4231, test case 2.
        let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        assert_eq!(
            hex::encode(mac),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn a_webhook_signature_verifies_only_with_the_secret_body_and_a_fresh_timestamp() {
        let sig = sign_webhook("s3cret", 1_000, b"{\"a\":1}");
        assert!(verify_webhook("s3cret", "1000", &sig, b"{\"a\":1}", 1_100));
        assert!(!verify_webhook("other", "1000", &sig, b"{\"a\":1}", 1_100));
        assert!(!verify_webhook("s3cret", "1000", &sig, b"{\"a\":2}", 1_100));
        assert!(!verify_webhook("s3cret", "1000", &sig, b"{\"a\":1}", 2_000), "too old");
    }
}
