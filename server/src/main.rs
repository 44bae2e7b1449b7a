//! `jinlin-relay [--listen 127.0.0.1:8787] [--data ./jinlin-data] [--database postgres://…]
//! [--push-config FILE] [--metrics-token T] [--max-connections N] [--max-connections-per-address N]
//! [--unfinished-upload-bytes N] [--unfinished-upload-expiry 24h] [--trusted-proxy CIDR]`: runs the relay on an embedded
//! SQLite store, with no set-up, or on PostgreSQL with `--database`. Once bound it prints
//! `listening on ADDR` on stdout; logs go to stderr (`RUST_LOG` filters them). SIGTERM or Ctrl-C
//! stops it gracefully.
//!
//! `jinlin-relay migrate --from DIR --to URL` moves a relay's SQLite data into an empty
//! PostgreSQL database (`store::postgres::import`).

use std::io::{IsTerminal, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use clap::Parser;
use jinlin_relay::grid::uploads::UploadLimits;
use jinlin_relay::{AppState, Settings, launch};
use tokio::net::TcpListener;
use tracing_subscriber::EnvFilter;

/// Jinlin's relay: neighbours' phones sync through it when they are online.
#[derive(Debug, Parser)]
#[command(name = "jinlin-relay", version, about)]
struct Args {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, env = "JINLIN_LISTEN", default_value = "127.0.0.1:8787")]
    listen: SocketAddr,
    /// Directory for the relay's SQLite database and attachments (created if missing).
    #[arg(long, env = "JINLIN_DATA", default_value = "./jinlin-data")]
    data: PathBuf,
    /// PostgreSQL database to keep the relay's data in (postgres://user:password@host:port/db;
    /// prefer the environment variable, which other users cannot see). Without it the relay keeps
    /// an SQLite file in --data. Attachments stay in --data either way.
    #[arg(long, env = "JINLIN_DATABASE_URL", value_name = "URL", hide_env_values = true)]
    database: Option<String>,
    /// JSON file with the push adapters for offline phones: {"webhook": {"url", "secret"},
    /// "fcm": {"project", "access_token"}, "apns": {"topic", "bearer_token"}} (docs/PROTOCOL.md)
    #[arg(long, env = "JINLIN_PUSH_CONFIG", value_name = "FILE")]
    push_config: Option<PathBuf>,
    /// Turn off the rate limits on registration and invite redemption (for load tests that
    /// register thousands of devices from one address; never on a public relay).
    #[arg(long, env = "JINLIN_NO_RATE_LIMITS")]
    no_rate_limits: bool,
    /// Operator token for scraping GET /metrics (at least 16 characters; prefer the environment
    /// variable, which other users cannot see). Without it only this machine may read them.
    #[arg(long, env = "JINLIN_METRICS_TOKEN", value_name = "TOKEN", hide_env_values = true)]
    metrics_token: Option<String>,
    /// Open connections in all; more are answered 503 (never more than the open-files limit
    /// allows, which the relay raises to its hard limit at start; docs/DEPLOY.md).
    #[arg(long, env = "JINLIN_MAX_CONNECTIONS", default_value_t = jinlin_relay::serve::ConnectionLimits::default().max_connections)]
    max_connections: usize,
    /// Open connections from one client address.
    #[arg(long, env = "JINLIN_MAX_CONNECTIONS_PER_ADDRESS", default_value_t = jinlin_relay::serve::ConnectionLimits::default().max_per_address)]
    max_connections_per_address: usize,
    /// Bytes of unfinished photo uploads one member may hold; a chunk past that is answered 429.
    #[arg(long, env = "JINLIN_UNFINISHED_UPLOAD_BYTES", value_name = "BYTES", default_value_t = UploadLimits::default().unfinished_bytes_per_member)]
    unfinished_upload_bytes: u64,
    /// How long after it started an unfinished upload is removed: 24h, 90m, 3600 (seconds).
    #[arg(long, env = "JINLIN_UNFINISHED_UPLOAD_EXPIRY", value_name = "DURATION", default_value = "24h", value_parser = parse_duration)]
    unfinished_upload_expiry: Duration,
    /// A reverse proxy or load balancer in front of the relay, as an address or network
    /// (10.0.0.0/8); repeat it or separate with commas. Calls from it are judged by their
    /// X-Forwarded-For and X-Forwarded-Proto headers (docs/DEPLOY.md); from anyone else those
    /// headers are ignored.
    #[arg(
        long = "trusted-proxy",
        env = "JINLIN_TRUSTED_PROXIES",
        value_name = "CIDR",
        value_delimiter = ','
    )]
    trusted_proxies: Vec<jinlin_relay::client::TrustedProxies>,
    /// How long an urgent alert's wave waits for enough volunteers before the next circle is
    /// alerted, by day: 60s, 2m.
    #[arg(long, env = "JINLIN_WAVE_WAIT", value_name = "DURATION", default_value = "60s", value_parser = parse_duration)]
    wave_wait: Duration,
    /// The same at night (23:00 to 07:00 in the group's time zone).
    #[arg(long, env = "JINLIN_NIGHT_WAVE_WAIT", value_name = "DURATION", default_value = "30s", value_parser = parse_duration)]
    night_wave_wait: Duration,
    #[command(subcommand)]
    command: Option<Command>,
}

/// What the relay does instead of serving.
#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Move a relay's data from its SQLite file into an empty PostgreSQL database (stop the relay
    /// first); then start it with --data DIR --database URL. Attachments stay in DIR.
    Migrate {
        /// The relay's data directory (the one holding relay.db).
        #[arg(long, value_name = "DIR")]
        from: PathBuf,
        /// The PostgreSQL database to move into (prefer JINLIN_DATABASE_URL, which other users
        /// cannot see).
        #[arg(long, env = "JINLIN_DATABASE_URL", value_name = "URL", hide_env_values = true)]
        to: String,
    },
}

/// A duration as an operator writes it (`24h`, `90m`, `1h 30m`); a bare number is seconds.
fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let parsed = match text.parse::<u64>() {
        Ok(secs) => Duration::from_secs(secs),
        Err(_) => humantime::parse_duration(text).map_err(|e| format!("{e}; write it like 24h or 90m"))?,
    };
    if parsed.is_zero() {
        return Err("must be longer than zero".into());
    }
    Ok(parsed)
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .init();
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("jinlin-relay: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> anyhow::Result<()> {
    if let Some(Command::Migrate { from, to }) = args.command {
        return migrate(from, to).await;
    }
    let mut settings = Settings::new(&args.data);
    // An empty JINLIN_DATABASE_URL is no database: the embedded SQLite file.
    settings.database = args
        .database
        .filter(|url| !url.trim().is_empty())
        .map(jinlin_relay::DatabaseUrl::new);
    let engine = settings
        .database
        .as_ref()
        .map_or("sqlite".to_string(), |url| format!("{url:?}"));
    settings.limits.rate_limits = !args.no_rate_limits;
    for proxies in args.trusted_proxies {
        settings.trusted_proxies.extend(proxies);
    }
    if let Some(files) = jinlin_relay::serve::raise_open_files_limit() {
        tracing::info!(open_files = files, "open-files limit");
    }
    settings.limits.connections.max_connections = args.max_connections.max(1);
    settings.limits.connections.max_per_address = args.max_connections_per_address.max(1);
    settings.limits.uploads = UploadLimits {
        unfinished_bytes_per_member: args.unfinished_upload_bytes,
        expire_after: args.unfinished_upload_expiry,
    };
    settings.dispatch.wave_ms = args.wave_wait.as_millis().min(i64::MAX as u128) as i64;
    settings.dispatch.night_wave_ms = args.night_wave_wait.as_millis().min(i64::MAX as u128) as i64;
    settings.metrics =
        jinlin_relay::operator::MetricsAccess::new(args.metrics_token.as_deref()).map_err(anyhow::Error::msg)?;
    if let Some(path) = &args.push_config {
        let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
        settings.push = serde_json::from_str(&text)
            .with_context(|| format!("{} is not a valid push configuration", path.display()))?;
    }
    let state = tokio::task::spawn_blocking(move || AppState::open(&settings))
        .await?
        .with_context(|| format!("cannot open the relay's data in {}", args.data.display()))?;
    let listener = TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let addr = listener.local_addr()?;
    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "listening on {addr}")?;
        out.flush()?;
    }
    tracing::info!(%addr, data = %args.data.display(), store = %engine, "relay started");
    if let (Some(path), Some(pusher)) = (args.push_config.clone(), state.relay().pusher()) {
        tokio::spawn(reload_push_on_hangup(path, pusher));
    }
    launch(listener, state, shutdown_signal()).await?;
    tracing::info!("relay stopped");
    Ok(())
}

/// `jinlin-relay migrate`: moves the SQLite file in `from` into PostgreSQL at `to`.
async fn migrate(from: PathBuf, to: String) -> anyhow::Result<()> {
    let url = jinlin_relay::DatabaseUrl::new(to);
    let file = from.join(jinlin_relay::DB_FILE);
    let shown = url.place();
    let moved = tokio::task::spawn_blocking(move || jinlin_relay::store::import_sqlite(&file, &url))
        .await?
        .with_context(|| format!("cannot move {} into {shown}", from.display()))?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "moved into {shown}: {} devices, {} groups, {} documents, {} changes",
        moved.rows("devices"),
        moved.rows("groups"),
        moved.rows("docs"),
        moved.rows("feed")
    )?;
    for (table, rows) in &moved.tables {
        writeln!(out, "  {table}: {rows}")?;
    }
    writeln!(
        out,
        "start the relay with --data {} --database URL (attachments stay in that directory)",
        from.display()
    )?;
    Ok(())
}

/// Reads the push configuration again on every SIGHUP (new credentials, an adapter turned on
/// or off). A file that does not read keeps the settings in force, and says why.
async fn reload_push_on_hangup(path: PathBuf, pusher: jinlin_relay::alerts::push::Pusher) {
    #[cfg(unix)]
    {
        let Ok(mut hangups) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()) else {
            tracing::warn!("cannot listen for SIGHUP: push settings load only at start");
            return;
        };
        while hangups.recv().await.is_some() {
            let read = std::fs::read_to_string(&path)
                .map_err(|e| e.to_string())
                .and_then(|text| serde_json::from_str(&text).map_err(|e| e.to_string()));
            match read {
                Ok(settings) => {
                    pusher.reload(settings).await;
                    tracing::info!(file = %path.display(), "SIGHUP: push settings reloaded");
                }
                Err(e) => {
                    tracing::warn!(file = %path.display(), error = %e, "SIGHUP: push settings kept, the file does not read")
                }
            }
        }
    }
    #[cfg(not(unix))]
    let _ = (path, pusher);
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::warn!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => tracing::info!("Ctrl-C: shutting down"),
        _ = terminate => tracing::info!("SIGTERM: shutting down"),
    }
}
