//! TLS to the relay, for HTTPS calls and the `wss://` live channel alike: one [`client_config`]
//! serves both. By default the platform's own trust store decides, so a relay behind an ordinary
//! certificate just works. On Android, where the platform verifier needs a JNI hand-shake with the
//! app's `Context` first, the root certificates bundled in this build (Mozilla's, from
//! `webpki-roots`) decide instead ([`DEFAULT_TRUST`]). A community that runs its own relay with
//! its own certificate authority hands its members that authority's certificate (PEM); a device
//! given one trusts that authority only, for that relay.

use std::sync::Arc;

use rustls::crypto::CryptoProvider;
use rustls::{ClientConfig, RootCertStore};
use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;
use tokio_tungstenite::Connector;

use jinlin_model::error::{Error, Result};

/// The setting under which a device keeps its relay's own certificate authority, if any.
pub const RELAY_CA_SETTING: &str = "relay_ca";

/// The certificates in `pem`; at least one, each well formed.
pub fn parse_ca(pem: &str) -> Result<Vec<CertificateDer<'static>>> {
    let bad = |why: String| Error::InvalidInput(format!("the relay's certificate authority is not usable: {why}"));
    let certs = CertificateDer::pem_slice_iter(pem.as_bytes())
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| bad(e.to_string()))?;
    if certs.is_empty() {
        return Err(bad("no PEM certificate in it".into()));
    }
    let mut roots = RootCertStore::empty();
    for cert in &certs {
        roots.add(cert.clone()).map_err(|e| bad(e.to_string()))?;
    }
    Ok(certs)
}

fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::aws_lc_rs::default_provider())
}

/// Who decides, when the relay has no certificate authority of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultTrust {
    /// The platform's trust store (`rustls-platform-verifier`).
    Platform,
    /// The root certificates bundled in this build (`webpki-roots`).
    Bundled,
}

/// This build's default: bundled roots on Android (see the module's notes), the platform
/// elsewhere.
pub const DEFAULT_TRUST: DefaultTrust = if cfg!(target_os = "android") {
    DefaultTrust::Bundled
} else {
    DefaultTrust::Platform
};

/// The TLS settings for a relay: its own authority only, or [`DEFAULT_TRUST`].
pub fn client_config(ca_pem: Option<&str>) -> Result<ClientConfig> {
    client_config_with(ca_pem, DEFAULT_TRUST)
}

/// The TLS settings for a relay: its own authority only, or `trust`.
pub fn client_config_with(ca_pem: Option<&str>, trust: DefaultTrust) -> Result<ClientConfig> {
    let provider = provider();
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::InvalidInput(format!("cannot set up TLS: {e}")))?;
    let config = match ca_pem {
        Some(pem) => {
            let mut roots = RootCertStore::empty();
            for cert in parse_ca(pem)? {
                roots
                    .add(cert)
                    .map_err(|e| Error::InvalidInput(format!("the relay's certificate authority: {e}")))?;
            }
            builder.with_root_certificates(roots).with_no_client_auth()
        }
        None if trust == DefaultTrust::Bundled => {
            let roots = RootCertStore {
                roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
            };
            builder.with_root_certificates(roots).with_no_client_auth()
        }
        None => {
            let verifier = rustls_platform_verifier::Verifier::new(provider)
                .map_err(|e| Error::InvalidInput(format!("cannot read this device's trusted certificates: {e}")))?;
            builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(verifier))
                .with_no_client_auth()
        }
    };
    Ok(config)
}

/// The connector for a `wss://` live channel.
pub(crate) fn ws_connector(ca_pem: Option<&str>) -> Result<Connector> {
    Ok(Connector::Rustls(Arc::new(client_config(ca_pem)?)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_certificate_authority_must_be_a_pem_certificate() {
        for bad in [
            "",
            "hello",
            "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n",
        ] {
            assert!(
                matches!(parse_ca(bad), Err(Error::InvalidInput(_))),
                "{bad:?} is refused"
            );
        }
    }

    #[test]
    fn without_an_authority_the_platform_or_the_bundled_roots_decide() {
        assert!(client_config_with(None, DefaultTrust::Platform).is_ok());
        assert!(client_config_with(None, DefaultTrust::Bundled).is_ok());
        assert_eq!(
            DEFAULT_TRUST,
            DefaultTrust::Platform,
            "off Android the platform decides"
        );
    }
}
