//! A community relay behind HTTPS with its own certificate authority (TLS ends in front of the
//! relay, as a reverse proxy would do it): a phone given that authority registers, syncs and
//! hears changes live over `wss://`; a phone without it is refused before anything is sent.

use std::net::SocketAddr;
use std::sync::Arc;

use jinlin_core::net::client;
use jinlin_core::{GroupKind, Role};
use jinlin_tests::{Phone, Relay, eventually, test_options};
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};

/// TLS in front of a relay, with a certificate for `localhost` from a fresh authority.
struct HttpsFront {
    addr: SocketAddr,
    ca_pem: String,
}

async fn https_front(relay: SocketAddr) -> HttpsFront {
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("ca params");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().expect("ca key")).expect("ca");
    let key = KeyPair::generate().expect("key");
    let cert = CertificateParams::new(vec!["localhost".to_string()])
        .expect("params")
        .signed_by(&key, &ca)
        .expect("certificate");
    let config =
        ServerConfig::builder_with_provider(Arc::new(tokio_rustls::rustls::crypto::aws_lc_rs::default_provider()))
            .with_safe_default_protocol_versions()
            .expect("versions")
            .with_no_client_auth()
            .with_single_cert(
                vec![cert.der().clone()],
                PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
            )
            .expect("server config");
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let Ok(mut upstream) = TcpStream::connect(relay).await else {
                    return;
                };
                let _ = tokio::io::copy_bidirectional(&mut tls, &mut upstream).await;
            });
        }
    });
    HttpsFront { addr, ca_pem: ca.pem() }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_community_relay_with_its_own_authority_serves_https_and_a_live_channel_over_wss() {
    let relay = Relay::start().await;
    let relay_addr: SocketAddr = relay.url().trim_start_matches("http://").parse().expect("relay addr");
    let front = https_front(relay_addr).await;
    let url = format!("https://localhost:{}", front.addr.port());

    // Without the community's authority the certificate is not trusted: nothing is sent.
    let stranger = Phone::new("Stranger", "1");
    let refused = client::register(&stranger, &url, "Stranger", None, None, test_options()).await;
    assert!(refused.is_err(), "{refused:?}");
    assert!(client::relay_ca(&stranger).expect("setting").is_none());
    let bad = client::set_relay_ca(&stranger, Some("not a certificate"));
    assert!(matches!(bad, Err(jinlin_core::Error::InvalidInput(_))), "{bad:?}");

    let join = |name: &'static str| {
        let (url, ca) = (url.clone(), front.ca_pem.clone());
        async move {
            let phone = Phone::new(name, "3");
            client::set_relay_ca(&phone, Some(&ca)).expect("trust the community's authority");
            client::register(&phone, &url, name, Some("3"), Some("101"), test_options())
                .await
                .expect("register over https");
            phone
        }
    };
    let staff = join("Ms Sun").await;
    let neighbour = join("Li").await;
    let group = staff
        .create_group("Lianhua Community", GroupKind::Community, None)
        .expect("group");
    staff.sync().await;
    let code = staff.invite(group, Role::Volunteer).await;
    neighbour.join(&code).await;

    // Li's phone goes live over wss:// (caught up on opening) and then hears Ms Sun's ride
    // without syncing itself.
    let live = neighbour.go_live().await;
    let ride = staff.raise_ride(group, 1);
    staff.sync().await;
    assert!(
        eventually(|| neighbour.request(ride).is_ok()).await,
        "the ride reached Li's phone over the live channel: {:?}",
        live.status()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bundled_roots_android_uses_refuse_a_private_authority_that_the_community_ca_setting_trusts() {
    use jinlin_core::net::tls::{DefaultTrust, client_config_with};
    let relay = Relay::start().await;
    let relay_addr: SocketAddr = relay.url().trim_start_matches("http://").parse().expect("relay addr");
    let front = https_front(relay_addr).await;
    let handshake = |config: tokio_rustls::rustls::ClientConfig| async move {
        let tcp = TcpStream::connect(front.addr).await.expect("connect");
        let name = tokio_rustls::rustls::pki_types::ServerName::try_from("localhost").expect("name");
        tokio_rustls::TlsConnector::from(Arc::new(config))
            .connect(name, tcp)
            .await
    };
    let bundled = client_config_with(None, DefaultTrust::Bundled).expect("bundled roots");
    let refused = handshake(bundled).await;
    assert!(
        refused.as_ref().is_err_and(|e| e.to_string().contains("UnknownIssuer")),
        "{:?}",
        refused.map(|_| ())
    );
    let community = client_config_with(Some(&front.ca_pem), DefaultTrust::Bundled).expect("community authority");
    assert!(
        handshake(community).await.is_ok(),
        "the community's own authority is trusted"
    );
}
