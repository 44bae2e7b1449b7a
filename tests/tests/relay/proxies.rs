//! Behind a reverse proxy: the relay judges the client by the `X-Forwarded-For` its trusted
//! proxies append, so phones behind one balancer keep their own rate-limit buckets and a remote
//! client forwarded by a balancer on the relay's machine is not "this machine" for `/metrics`.
//! Nobody else can choose their address with the header.

use jinlin_core::MemberId;
use jinlin_relay::rate_limit::PER_ADDRESS;
use reqwest::StatusCode;

use jinlin_tests::Relay;

/// Registers a device as a call forwarded for `client` (none: a direct call).
async fn register(http: &reqwest::Client, url: &str, client: Option<&str>) -> StatusCode {
    let mut req = http
        .post(format!("{url}/v1/devices"))
        .json(&serde_json::json!({"member_id": MemberId::random().to_string(), "name": "Lan"}));
    if let Some(addr) = client {
        req = req.header("x-forwarded-for", addr);
    }
    req.send().await.expect("answer").status()
}

/// A relay that trusts the balancer on its own machine.
async fn behind_a_balancer() -> Relay {
    Relay::start_with(|s| {
        s.limits.rate_limits = true;
        s.trusted_proxies = "127.0.0.1".parse().expect("proxies");
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn phones_behind_a_trusted_balancer_each_have_their_own_rate_limit_bucket() {
    let relay = behind_a_balancer().await;
    let http = reqwest::Client::new();
    for i in 0..PER_ADDRESS.burst {
        assert_eq!(
            register(&http, &relay.url(), Some("203.0.113.9")).await,
            201,
            "registration {i}"
        );
    }
    assert_eq!(
        register(&http, &relay.url(), Some("203.0.113.9")).await,
        429,
        "the flooding phone is held back"
    );
    assert_eq!(
        register(&http, &relay.url(), Some("198.51.100.7")).await,
        201,
        "a neighbour behind the same balancer is not"
    );
    assert_eq!(
        register(&http, &relay.url(), Some("1.1.1.1, 203.0.113.9")).await,
        429,
        "prepending another address to the header does not escape the bucket"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_trusted_proxy_a_forwarding_header_does_not_buy_a_new_bucket() {
    let relay = Relay::start_with(|s| s.limits.rate_limits = true).await;
    let http = reqwest::Client::new();
    for i in 0..PER_ADDRESS.burst {
        assert_eq!(
            register(&http, &relay.url(), Some(&format!("203.0.113.{i}"))).await,
            201
        );
    }
    assert_eq!(
        register(&http, &relay.url(), Some("198.51.100.7")).await,
        429,
        "the header is ignored: every call came from 127.0.0.1"
    );
}

#[tokio::test]
async fn a_remote_client_forwarded_by_a_balancer_on_the_relays_machine_does_not_read_the_metrics() {
    let relay = behind_a_balancer().await;
    let http = reqwest::Client::new();
    let metrics = format!("{}/metrics", relay.url());
    let forwarded = http
        .get(&metrics)
        .header("x-forwarded-for", "203.0.113.9")
        .send()
        .await
        .expect("answer");
    assert_eq!(forwarded.status(), StatusCode::FORBIDDEN);
    let local = http.get(&metrics).send().await.expect("answer");
    assert_eq!(local.status(), StatusCode::OK, "a scrape on this machine itself");
}
