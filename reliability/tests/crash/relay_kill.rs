//! Crash safety of the relay: the `jinlin-relay` process is SIGKILLed at a random moment while
//! phones write and sync, then started again on the same data directory. After every kill it
//! opens, every change a sync acknowledged is still there (a phone that syncs afterwards receives
//! it), and in the end every phone agrees. The same harness runs on the embedded SQLite file and,
//! with `JINLIN_TEST_DATABASE_URL`, on PostgreSQL (then each restart is a new instance on the
//! same database).

use jinlin_core::net::round;
use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use jinlin_core::net::client::{self, ClientOptions, RelayClient};
use jinlin_core::{Device, DocId, GroupKind, NewRequest, RequestFilter, RequestKind, Role};
use jinlin_model::protocol::CreateInvite;
use jinlin_tests::Phone;

/// A relay process on its data directory; `url` is where it listens.
struct RelayProcess {
    child: Child,
    url: String,
}

impl RelayProcess {
    /// Starts the relay over `data`, keeping its data in the PostgreSQL `database` if given.
    fn start(data: &Path, database: Option<&str>) -> RelayProcess {
        let mut command = Command::new(jinlin_tests::cli::workspace_bin("jinlin-relay"));
        if let Some(url) = database {
            command.env("JINLIN_DATABASE_URL", url);
        }
        let mut child = command
            .args(["--listen", "127.0.0.1:0", "--data"])
            .arg(data)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn the relay");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("read");
        let addr = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("the relay does not open on its data after a kill: {line:?}"));
        RelayProcess {
            url: format!("http://{addr}"),
            child,
        }
    }

    fn kill(mut self) {
        self.child.kill().expect("SIGKILL");
        let _ = self.child.wait();
    }
}

fn options() -> ClientOptions {
    ClientOptions {
        connect_timeout: Duration::from_secs(1),
        read_timeout: Duration::from_secs(5),
        request_timeout: Duration::from_secs(5),
        attempts: 1,
        ..ClientOptions::default()
    }
}

/// A phone's client for the relay at `url`.
fn client_for(phone: &Phone, url: &str) -> RelayClient {
    RelayClient::with_options(url, options())
        .expect("client")
        .with_token(phone.settings().token)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_change_the_relay_acknowledged_survives_a_kill_and_phones_converge() {
    harness(jinlin_reliability::runs(200), None).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_change_a_relay_on_postgres_acknowledged_survives_a_kill_and_phones_converge() {
    let Some(database) = jinlin_tests::Relay::postgres_for_test().await else {
        return;
    };
    harness(jinlin_reliability::runs(50), Some(database.as_str())).await;
}

async fn harness(runs: usize, database: Option<&str>) {
    let data = tempfile::tempdir().expect("relay dir");
    let mut relay = RelayProcess::start(data.path(), database);
    let phones = [Phone::new("Ping", "3"), Phone::new("Lan", "3"), Phone::new("Hua", "5")];
    for p in &phones {
        client::register(&p.device, &relay.url, &p.name, Some("3"), Some("101"), options())
            .await
            .expect("register");
    }
    let group = phones[0]
        .create_group("Kill Estate", GroupKind::Estate, None)
        .expect("group");
    round::sync(&phones[0].device, &client_for(&phones[0], &relay.url))
        .await
        .expect("sync");
    let invite = client_for(&phones[0], &relay.url)
        .create_invite(
            group,
            &CreateInvite {
                role: Role::Volunteer,
                uses: 2,
                expires_in_secs: 3600,
                building: None,
            },
        )
        .await
        .expect("invite");
    for p in &phones[1..] {
        let (_, synced) = round::join(&p.device, &client_for(p, &relay.url), &invite.code, None, None)
            .await
            .expect("join");
        synced.expect("sync after join");
    }

    // The kill falls anywhere in a round of syncs: the window is as long as one unkilled round
    // takes on this engine and machine (at least 50 ms), and half as long again.
    let started = std::time::Instant::now();
    for p in &phones {
        round::sync(&p.device, &client_for(p, &relay.url)).await.expect("sync");
    }
    let window = (started.elapsed().as_micros() as u64 * 3 / 2).max(50_000);
    let mut rng = fastrand::Rng::with_seed(5);
    // What the relay acknowledged: request id -> comments acknowledged on it.
    let mut acked: HashMap<DocId, Vec<String>> = HashMap::new();
    let mut acked_syncs = 0usize;
    for run in 0..runs {
        // Each phone writes something, then they all sync while the relay is killed.
        let mut written: Vec<Vec<(DocId, Option<String>)>> = Vec::new();
        for (i, p) in phones.iter().enumerate() {
            let known: Vec<DocId> = p
                .list_requests(&RequestFilter::default())
                .expect("list")
                .iter()
                .map(|r| r.id)
                .collect();
            let w = if known.is_empty() || rng.u8(0..3) == 0 {
                let r = NewRequest::new(group, RequestKind::Errand, format!("request {run}-{i}"));
                (p.raise(r).expect("raise"), None)
            } else {
                let id = known[rng.usize(0..known.len())];
                let text = format!("comment {run}-{i}");
                p.comment(id, &text).expect("comment");
                (id, Some(text))
            };
            // Everything unsynced so far goes up with the next acknowledged sync.
            let mut w = vec![w];
            if let Some(prev) = written.get(i) {
                w.extend(prev.iter().cloned());
            }
            written.push(w);
        }
        let url = relay.url.clone();
        let delay = Duration::from_micros(rng.u64(0..window));
        let syncing = async {
            let mut ok = Vec::new();
            for p in &phones {
                ok.push(round::sync(&p.device, &client_for(p, &url)).await.is_ok());
            }
            ok
        };
        let killer = tokio::task::spawn_blocking(move || {
            std::thread::sleep(delay);
            relay.kill();
        });
        let ok = syncing.await;
        killer.await.expect("kill");
        for (synced, w) in ok.iter().zip(&written) {
            if *synced {
                acked_syncs += 1;
                for (id, comment) in w {
                    let comments = acked.entry(*id).or_default();
                    comments.extend(comment.clone());
                }
            }
        }

        relay = RelayProcess::start(data.path(), database);
        // A phone that syncs now receives everything acknowledged before the kill.
        let observer = &phones[run % phones.len()];
        round::sync(&observer.device, &client_for(observer, &relay.url))
            .await
            .unwrap_or_else(|e| panic!("run {run}: the restarted relay does not answer: {e}"));
        for (id, comments) in &acked {
            let view = observer
                .request(*id)
                .unwrap_or_else(|e| panic!("run {run}: acknowledged request {id} is lost: {e}"));
            for c in comments {
                assert!(
                    view.comments.iter().any(|have| &have.text == c),
                    "run {run}: acknowledged comment {c:?} is lost"
                );
            }
        }
    }

    for _ in 0..2 {
        for p in &phones {
            round::sync(&p.device, &client_for(p, &relay.url))
                .await
                .expect("final sync");
        }
    }
    let sorted = |d: &Device| {
        let mut list = d.list_requests(&RequestFilter::default()).expect("list");
        list.sort_by_key(|r| r.id.to_string());
        list
    };
    for p in &phones[1..] {
        assert_eq!(sorted(&p.device), sorted(&phones[0].device), "{} agrees", p.name);
    }
    assert!(acked_syncs > 0, "no sync was ever acknowledged");
    eprintln!(
        "relay kill harness ({}): {runs} kills, {acked_syncs} of {} syncs acknowledged before the kill",
        if database.is_some() { "PostgreSQL" } else { "SQLite" },
        runs * phones.len()
    );
    relay.kill();
}
