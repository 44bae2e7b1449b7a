//! The grid worker at community scale: one phone holding 2,000 households, 20,000 visits and
//! 200 photos. Measures the due list, a cold open and resident memory (both in a fresh child
//! process), and the first-login sync of that community for a new grid worker from a real
//! relay on loopback. Photos are fetched only when viewed, so they are not part of first login.
//!
//! Run: `cargo bench --workspace --bench grid` (add `-- --quick` for a tenth of the data).
//! Targets: due list < 50 ms, cold open < 200 ms, resident memory < 50 MB,
//! first-login sync < 3 s and < 5 MB on the wire.

use jinlin_core::net::round;
use std::path::Path;
use std::time::{Duration, Instant};

use jinlin_core::net::client::RelayClient;
use jinlin_core::{Device, GroupKind, Role};
use jinlin_model::dates::Date;
use jinlin_model::docs::household::{NewHousehold, NewVisit, Resident};
use jinlin_model::kinds::{HouseholdFlag, RiskTier, VisitOutcome};
use jinlin_tests::{Phone, Relay, test_options};

const TIERS: [RiskTier; 3] = [RiskTier::Red, RiskTier::Yellow, RiskTier::Blue];

fn populate(worker: &Phone, households: usize, visits_each: usize, photos: usize) -> jinlin_core::DocId {
    let group = worker
        .create_group("Lianhua Community", GroupKind::Community, None)
        .expect("group");
    let mut ids = Vec::with_capacity(households);
    for i in 0..households {
        let building = format!("{}", i / 100 + 1);
        let unit = format!("{}{:02}", (i % 100) / 4 + 1, i % 4 + 1);
        ids.push(
            worker
                .add_household(NewHousehold {
                    group_id: group,
                    building,
                    unit,
                    residents: vec![Resident {
                        name: format!("Resident {i}"),
                        phone: Some(format!("138{i:08}")),
                    }],
                    tier: TIERS[i % 3],
                    flags: if i % 5 == 0 {
                        vec![HouseholdFlag::LivesAlone]
                    } else {
                        Vec::new()
                    },
                })
                .expect("household"),
        );
    }
    let mut photo_hashes = Vec::new();
    for p in 0..photos {
        let bytes: Vec<u8> = (0..100_000u32).map(|i| (i.wrapping_mul(31) ^ p as u32) as u8).collect();
        photo_hashes.push(worker.add_blob(group, &bytes).expect("photo"));
    }
    let mut n = 0;
    for round in 0..visits_each {
        for (i, id) in ids.iter().enumerate() {
            let photos = if n < photo_hashes.len() && i % 10 == 0 {
                n += 1;
                vec![photo_hashes[n - 1].clone()]
            } else {
                Vec::new()
            };
            worker
                .log_visit(
                    *id,
                    &NewVisit {
                        // A third of the doors never open, so those households stay due.
                        outcome: Some(if i % 3 == 0 {
                            VisitOutcome::NotHome
                        } else {
                            VisitOutcome::Met
                        }),
                        note: Some(format!("Round {round}: all well, asked about the lift repair")),
                        needs: if (i + round) % 25 == 0 {
                            vec!["Deliver medicine".into()]
                        } else {
                            Vec::new()
                        },
                        follow_up: (i % 50 == 0).then(|| Date::parse("2030-01-15").expect("date")),
                        photos,
                        ..NewVisit::default()
                    },
                )
                .expect("visit");
        }
    }
    group
}

/// CPU time this process (relay and phones, all threads) has used, from `/proc/self/stat`
/// (Linux clock ticks of 10 ms).
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name (in parentheses) start with the state; utime and stime
    // are the 12th and 13th of them.
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let field = |i: usize| fields.get(i).and_then(|f| f.parse::<u64>().ok()).unwrap_or(0);
    let ticks = field(11) + field(12);
    Duration::from_millis(ticks * 10)
}

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// In a fresh process: open the store, list who is due, report peak resident memory.
fn child(path: &Path) {
    let t = Instant::now();
    let device = Device::open(path).expect("open");
    let opened = t.elapsed();
    let due = device.due_households(None).expect("due");
    let first_list = t.elapsed();
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = |key: &str| {
        status
            .lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
    };
    println!(
        "{} {} {} {} {}",
        ms(opened),
        ms(first_list),
        due.len(),
        kb("VmHWM:"),
        kb("VmRSS:")
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--child") {
        child(Path::new(&args[i + 1]));
        return;
    }
    let quick = args.iter().any(|a| a == "--quick");
    let (households, visits_each, photos) = if quick { (200, 10, 20) } else { (2_000, 10, 200) };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async move {
        let relay = Relay::start().await;
        let worker = Phone::registered("Worker Li", "1", &relay).await;
        let t = Instant::now();
        let group = populate(&worker, households, visits_each, photos);
        println!(
            "populated {households} households, {} visits, {photos} photos in {:.1} s",
            households * visits_each,
            t.elapsed().as_secs_f64()
        );

        // The due list, warm.
        let mut times = Vec::new();
        let mut due = 0;
        for _ in 0..20 {
            let t = Instant::now();
            due = worker.due_households(None).expect("due").len();
            times.push(t.elapsed());
        }
        println!("due list ({due} households due): median {:.2} ms over 20 runs", ms(median(times)));

        // Cold open and memory in a fresh process.
        let db = worker.home().join("jinlin.db");
        let exe = std::env::current_exe().expect("exe");
        let mut opens = Vec::new();
        let mut lines = Vec::new();
        for _ in 0..5 {
            let out = std::process::Command::new(&exe)
                .arg("--child")
                .arg(&db)
                .output()
                .expect("child runs");
            let text = String::from_utf8_lossy(&out.stdout).trim().to_string();
            let f: Vec<f64> = text.split_whitespace().filter_map(|v| v.parse().ok()).collect();
            if f.len() == 5 {
                opens.push(Duration::from_secs_f64(f[0] / 1000.0));
                lines.push(f);
            }
        }
        let open_and_due: Vec<Duration> = lines.iter().map(|f| Duration::from_secs_f64(f[1] / 1000.0)).collect();
        let peak_kb = lines.iter().map(|f| f[3] as u64).max().unwrap_or(0);
        println!(
            "cold open (fresh process): open median {:.2} ms; open + due list median {:.2} ms over {} runs",
            ms(median(opens)),
            ms(median(open_and_due)),
            lines.len()
        );
        println!("resident memory after open + due list (fresh process): peak {:.1} MB", peak_kb as f64 / 1024.0);

        // Up to the relay, photos included.
        let t = Instant::now();
        let up = worker.sync().await;
        println!(
            "the worker's first upload: {:.2} s, {} round trips, {:.2} MB sent, {} photos pending",
            t.elapsed().as_secs_f64(),
            up.round_trips,
            up.bytes_sent as f64 / 1e6,
            up.blobs_pending
        );

        // A new grid worker's first login: join and receive the whole community.
        let code = worker.invite(group, Role::GridWorker).await;
        let newcomer = Phone::registered("Worker Sun", "2", &relay).await;
        let client = RelayClient::for_device(&newcomer, test_options())
            .expect("settings")
            .expect("registered");
        let t = Instant::now();
        let cpu = cpu_time();
        let (_, synced) = round::join(&newcomer, &client, &code, None, None).await.expect("join");
        let took = t.elapsed();
        let cpu = cpu_time().saturating_sub(cpu);
        let report = synced.expect("first sync");
        let held = newcomer.households(None, None).expect("households").len();
        let visits = newcomer.visits(None, None, usize::MAX >> 1).expect("visits").len();
        println!(
            "first login of a new grid worker: {:.2} s ({:.2} s of CPU, relay and phone), {} round trips, {:.2} MB received, {} documents whole and {} changes ({} households, {} visits; photos stay on the relay until viewed)",
            took.as_secs_f64(),
            cpu.as_secs_f64(),
            report.round_trips,
            report.bytes_received as f64 / 1e6,
            report.received_saved,
            report.received_changes,
            held,
            visits
        );

        // The same download without applying it: how much of first login is the relay and the
        // wire; and the download an older phone (change lists only) would receive.
        let other = Phone::registered("Worker Zhou", "4", &relay).await;
        let code = worker.invite(group, Role::GridWorker).await;
        let client = RelayClient::for_device(&other, test_options())
            .expect("settings")
            .expect("registered");
        client
            .redeem(&jinlin_model::protocol::RedeemInvite {
                code,
                building: None,
                unit: None,
            })
            .await
            .expect("redeem");
        for accept_saved in [true, false] {
            let t = Instant::now();
            let mut cursors = Vec::new();
            let mut bytes = 0;
            let mut rounds = 0;
            loop {
                let (answer, _, received) = client
                    .exchange(&jinlin_model::protocol::SyncRequest {
                        version: jinlin_model::protocol::PROTOCOL_VERSION,
                        cursors: cursors.clone(),
                        docs: Vec::new(),
                        accept_saved,
                        signatures: Vec::new(),
                    })
                    .await
                    .expect("exchange");
                bytes += received;
                rounds += 1;
                cursors = answer.cursors;
                if !answer.more {
                    break;
                }
            }
            println!(
                "{}: {:.2} s, {rounds} round trips, {:.2} MB",
                if accept_saved {
                    "of which relay + loopback only (answers received, not applied)"
                } else {
                    "the same download as change lists, for an older phone (not applied)"
                },
                t.elapsed().as_secs_f64(),
                bytes as f64 / 1e6
            );
        }
    });
}
