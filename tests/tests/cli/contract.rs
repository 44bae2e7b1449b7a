//! The command-line contract: with `--json` every command prints exactly one JSON value with
//! the agreed keys; errors go to stderr with a non-zero exit, never a panic.

use jinlin_tests::{Relay, jinlin, jinlin_json};
use serde_json::Value;
use tempfile::TempDir;

fn home() -> TempDir {
    TempDir::new().expect("home")
}

fn has_keys(value: &Value, keys: &[&str]) {
    for key in keys {
        assert!(value.get(key).is_some(), "{key} missing from {value}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_json_output_is_one_json_value_with_the_contract_keys() {
    let relay = Relay::start().await;
    let (a, b) = (home(), home());
    let (a, b) = (a.path(), b.path());

    let me = jinlin_json(
        a,
        &[
            "register",
            "--relay",
            &relay.url(),
            "--name",
            "Sun",
            "--building",
            "1",
            "--unit",
            "8",
        ],
    )
    .await;
    has_keys(&me, &["member_id", "name", "building", "unit", "relay"]);
    let who = jinlin_json(a, &["whoami"]).await;
    has_keys(&who, &["member_id", "name", "relay", "registered", "pending"]);

    let community = jinlin_json(a, &["group", "create", "Lianhua", "--kind", "community"]).await;
    has_keys(&community, &["id", "name", "kind", "parent", "members", "synced"]);
    let cid = community["id"].as_str().expect("id");
    let estate = jinlin_json(
        a,
        &["group", "create", "Garden Estate", "--kind", "estate", "--parent", cid],
    )
    .await;
    assert_eq!(estate["parent"], cid);
    let invite = jinlin_json(
        a,
        &[
            "group",
            "invite",
            cid,
            "--role",
            "grid-worker",
            "--uses",
            "3",
            "--expires-in",
            "30m",
        ],
    )
    .await;
    has_keys(&invite, &["code", "group_id", "role", "uses_left", "expires_at"]);
    assert_eq!(
        (invite["role"].as_str(), invite["uses_left"].as_u64()),
        (Some("grid-worker"), Some(3))
    );

    jinlin_json(b, &["register", "--relay", &relay.url(), "--name", "Li"]).await;
    let joined = jinlin_json(
        b,
        &[
            "group",
            "join",
            invite["code"].as_str().expect("code"),
            "--building",
            "2",
        ],
    )
    .await;
    has_keys(&joined, &["group_id", "role", "name", "synced"]);
    let groups = jinlin_json(b, &["group", "list"]).await;
    let first = &groups.as_array().expect("array")[0];
    has_keys(first, &["id", "name", "kind", "role", "members"]);
    let members = jinlin_json(b, &["group", "members", cid]).await;
    for m in members.as_array().expect("array") {
        has_keys(m, &["member_id", "name", "role", "building", "unit"]);
    }

    let raised = jinlin_json(
        b,
        &[
            "request",
            "raise",
            "--group",
            cid,
            "--kind",
            "repair",
            "--slots",
            "2",
            "--for",
            "Old Mr Zhao",
            "--text",
            "The stairwell light is broken",
        ],
    )
    .await;
    has_keys(
        &raised,
        &["id", "kind", "urgent", "status", "text", "slots", "signups", "synced"],
    );
    assert_eq!(raised["requester"]["name"], "Old Mr Zhao");
    let id = raised["id"].as_str().expect("id");
    let short = &id[..8];

    jinlin(a, &["sync"]).await;
    let accepted = jinlin_json(a, &["request", "accept", short]).await;
    let signup = &accepted["signups"][0];
    has_keys(signup, &["member_name", "state"]);
    assert!(["confirmed", "standby", "tentative"].contains(&signup["state"].as_str().expect("state")));

    let list = jinlin_json(a, &["request", "list", "--group", cid, "--status", "open"]).await;
    for r in list.as_array().expect("array") {
        has_keys(r, &["id", "kind", "urgent", "status", "text", "slots", "signups"]);
    }
    let shown = jinlin_json(a, &["request", "show", id]).await;
    has_keys(&shown, &["id", "comments", "requester", "place"]);
    let report = jinlin_json(a, &["sync"]).await;
    has_keys(
        &report,
        &["round_trips", "sent_changes", "received_changes", "pending", "rejected"],
    );
    let refused = jinlin_json(a, &["refused"]).await;
    has_keys(&refused, &["refused"]);
    let me_a = who["member_id"].as_str().expect("member id");
    jinlin(b, &["sync"]).await;
    let picked = jinlin_json(b, &["request", "pick", id, me_a]).await;
    assert_eq!(picked["signups"][0]["picked"], true);
    let revoked = jinlin_json(a, &["group", "revoke", invite["code"].as_str().expect("code")]).await;
    assert_eq!(revoked["revoked"], true);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mistakes_get_a_clear_message_on_stderr_and_a_non_zero_exit_never_a_panic() {
    let h = home();
    let h = h.path();
    let fresh = jinlin(h, &["group", "create", "Lianhua"]).await;
    assert_eq!(fresh.code, Some(1));
    assert!(fresh.stderr.contains("register it first"), "{fresh:?}");
    // Registering with a relay that is down says so (and makes no identity).
    let run = jinlin(
        h,
        &["register", "--relay", &jinlin_tests::dead_relay_url(), "--name", "Li"],
    )
    .await;
    assert_eq!(run.code, Some(3), "{run:?}");
    let relay = Relay::start().await;
    jinlin_json(h, &["register", "--relay", &relay.url(), "--name", "Li"]).await;

    let cases: &[(&[&str], i32, &str)] = &[
        (&["request", "show", "nope"], 1, "not a request id"),
        (
            &["request", "accept", "00000000-0000-4000-8000-000000000000"],
            1,
            "no request",
        ),
        (&["request", "raise", "--kind", "taxi", "--text", "x"], 2, "taxi"),
        (&["group", "create", "   "], 1, "must not be empty"),
        (
            &["request", "raise", "--kind", "errand", "--text", "Rice"],
            1,
            "no group",
        ),
        (&["group", "invite", "abcd", "--expires-in", "soon"], 1, "group"),
        (&["request", "list", "--status", "finished"], 2, "finished"),
        (&["register", "--relay", "ftp://x", "--name", "A"], 1, "http://"),
        (&["frobnicate"], 2, "frobnicate"),
    ];
    for (args, code, says) in cases {
        let run = jinlin(h, args).await;
        assert_eq!(run.code, Some(*code), "{args:?}: {run:?}");
        assert!(run.stdout.is_empty(), "{args:?}: {run:?}");
        assert!(run.stderr.to_lowercase().contains(says), "{args:?}: {run:?}");
        assert!(!run.stderr.contains("panicked"), "{args:?}: {run:?}");
    }

    let run = jinlin(
        h,
        &["--json", "request", "accept", "00000000-0000-4000-8000-000000000000"],
    )
    .await;
    assert_eq!(run.code, Some(1));
    let err: Value = serde_json::from_str(run.stderr.trim()).expect("a JSON error");
    assert_eq!(err["error"], "not_found");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_home_comes_from_jinlin_home_when_no_flag_is_given() {
    let h = home();
    let out = tokio::process::Command::new(jinlin_tests::jinlin_bin())
        .args(["--json", "whoami"])
        .env("JINLIN_HOME", h.path())
        .output()
        .await
        .expect("runs");
    assert!(out.status.success());
    assert!(h.path().join("jinlin.db").exists(), "the store lives in $JINLIN_HOME");
}

/// Every command path in the clap tree, read from `jinlin … --help` in English ("Commands:"
/// sections), so a new subcommand joins the check below by itself.
fn every_command() -> Vec<String> {
    let mut leaves = Vec::new();
    let mut todo = vec![Vec::<String>::new()];
    while let Some(path) = todo.pop() {
        let out = std::process::Command::new(jinlin_tests::jinlin_bin())
            .args(&path)
            .arg("--help")
            .env("JINLIN_LANG", "en")
            .output()
            .expect("help runs");
        let help = String::from_utf8_lossy(&out.stdout).into_owned();
        let subcommands: Vec<String> = help
            .lines()
            .skip_while(|l| l.trim() != "Commands:")
            .skip(1)
            .take_while(|l| !l.trim().is_empty())
            .filter_map(|l| l.split_whitespace().next().map(str::to_string))
            .filter(|name| name != "help")
            .collect();
        if subcommands.is_empty() {
            leaves.push(path.join(" "));
        }
        for name in subcommands {
            let mut next = path.clone();
            next.push(name);
            todo.push(next);
        }
    }
    leaves.sort();
    leaves
}

/// Runs commands with `--json` and checks that each exits 0 within a minute, printing exactly
/// one JSON value; remembers which command paths it ran.
struct Checked {
    leaves: Vec<String>,
    ran: std::collections::BTreeSet<String>,
}

impl Checked {
    async fn one(&mut self, home: &std::path::Path, args: &[&str]) -> Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let run = tokio::time::timeout(std::time::Duration::from_secs(60), jinlin(home, &all))
            .await
            .unwrap_or_else(|_| panic!("{args:?} did not exit"));
        assert!(run.ok(), "{args:?}: {run:?}");
        let value: Value = serde_json::from_str(run.stdout.trim())
            .unwrap_or_else(|e| panic!("{args:?} did not print exactly one JSON value ({e}): {:?}", run.stdout));
        let path = self
            .leaves
            .iter()
            .filter(|leaf| {
                let words: Vec<&str> = leaf.split(' ').collect();
                args.len() >= words.len() && args[..words.len()] == words[..]
            })
            .max_by_key(|leaf| leaf.len())
            .unwrap_or_else(|| panic!("{args:?} is not a command"));
        self.ran.insert(path.clone());
        value
    }
}

fn id(value: &Value) -> String {
    value["id"].as_str().expect("id").to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_subcommand_with_json_prints_exactly_one_json_value_and_exits() {
    let leaves = every_command();
    assert!(leaves.len() > 40, "{leaves:?}");
    let mut c = Checked {
        leaves: leaves.clone(),
        ran: Default::default(),
    };
    // A hand-set clock standing at the real time, so a missed check-in can be made due.
    let now = jinlin_model::Clock::now_ms(&jinlin_model::SystemClock);
    let tree = crate::tree::Tree::clocked(now).await;
    let (staff, worker, grandma, li, chen, ma) = (
        tree.staff.home(),
        tree.worker.home(),
        tree.leader3.home(),
        tree.volunteer3.home(),
        tree.leader5.home(),
        tree.resident5.home(),
    );
    let (community, estate, b3, b5) = (
        tree.community.to_string(),
        tree.estate.to_string(),
        tree.b3.to_string(),
        tree.b5.to_string(),
    );
    let fresh = home();
    let zhou = fresh.path();

    // Who this device is, and groups.
    let me = c
        .one(
            zhou,
            &[
                "register",
                "--relay",
                &tree.relay.url(),
                "--name",
                "Zhou",
                "--building",
                "5",
            ],
        )
        .await;
    let zhou_id = me["member_id"].as_str().expect("member id").to_string();
    c.one(zhou, &["whoami"]).await;
    c.one(
        staff,
        &[
            "group",
            "create",
            "Building 7",
            "--kind",
            "building",
            "--parent",
            &estate,
        ],
    )
    .await;
    c.one(staff, &["group", "list"]).await;
    c.one(staff, &["group", "members", &community]).await;
    let intervals = c
        .one(staff, &["group", "intervals", &community, "--red", "5", "--blue", "28"])
        .await;
    has_keys(&intervals, &["red", "yellow", "blue", "synced"]);
    assert_eq!(
        (intervals["red"].as_i64(), intervals["yellow"].as_i64()),
        (Some(5), Some(14))
    );
    c.one(staff, &["group", "intervals", &community]).await;
    let zone = c.one(staff, &["group", "time-zone", &community, "asia/shanghai"]).await;
    has_keys(&zone, &["group_id", "time_zone", "synced"]);
    assert_eq!(zone["time_zone"].as_str(), Some("Asia/Shanghai"));
    c.one(staff, &["group", "time-zone", &community]).await;
    let cleared = c.one(staff, &["group", "time-zone", &community, "--clear"]).await;
    assert!(cleared["time_zone"].is_null());
    let invite = c.one(staff, &["group", "invite", &b5, "--role", "resident"]).await;
    c.one(zhou, &["group", "join", invite["code"].as_str().expect("code")])
        .await;
    let spare = c.one(staff, &["group", "invite", &b5]).await;
    c.one(staff, &["group", "revoke", spare["code"].as_str().expect("code")])
        .await;

    // A request from raised to done, another cancelled.
    let errand = id(&c
        .one(
            grandma,
            &["request", "raise", "--group", &b3, "--kind", "errand", "--text", "Rice"],
        )
        .await);
    c.one(li, &["sync"]).await;
    c.one(li, &["request", "accept", &errand]).await;
    c.one(li, &["request", "withdraw", &errand]).await;
    c.one(li, &["request", "accept", &errand]).await;
    c.one(grandma, &["sync"]).await;
    c.one(grandma, &["request", "pick", &errand, "Li"]).await;
    c.one(li, &["request", "start", &errand]).await;
    c.one(li, &["request", "comment", &errand, "On my way"]).await;
    c.one(li, &["request", "done", &errand]).await;
    let milk = id(&c
        .one(
            grandma,
            &["request", "raise", "--group", &b3, "--kind", "errand", "--text", "Milk"],
        )
        .await);
    c.one(grandma, &["request", "cancel", &milk]).await;
    c.one(grandma, &["request", "list"]).await;
    c.one(grandma, &["request", "show", &errand]).await;
    let thanked = c
        .one(
            grandma,
            &["rate", "request", &errand, "--stars", "5", "--comment", "Thank you"],
        )
        .await;
    assert_eq!(thanked["rating"]["stars"], 5);

    // An urgent raise returns its one value at once; the alert is declined and read.
    let ride = id(&c
        .one(
            grandma,
            &[
                "request",
                "raise",
                "--group",
                &b3,
                "--kind",
                "hospital",
                "--urgent",
                "--text",
                "Ride please",
            ],
        )
        .await);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    while !jinlin(li, &["sync"]).await.ok()
        || !tree
            .volunteer3
            .client()
            .alert_receipts(ride.parse().expect("id"))
            .await
            .is_ok_and(|r| r.alerted > 0)
    {
        assert!(std::time::Instant::now() < deadline, "Li is never alerted");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    c.one(li, &["request", "decline", &ride]).await;
    c.one(grandma, &["request", "alerts", &ride]).await;

    // The grid worker's day.
    let photo_file = fresh.path().join("door.jpg");
    std::fs::write(&photo_file, b"a photo of the door").expect("photo");
    let photo = photo_file.to_str().expect("path");
    let hh = id(&c
        .one(
            worker,
            &[
                "household",
                "add",
                "--group",
                &b3,
                "--building",
                "3",
                "--unit",
                "1202",
                "--name",
                "Old Mr Zhao",
            ],
        )
        .await);
    c.one(worker, &["household", "list"]).await;
    c.one(worker, &["household", "show", &hh]).await;
    let visit = c
        .one(
            worker,
            &[
                "visit",
                "log",
                &hh,
                "--outcome",
                "met",
                "--need",
                "Deliver medicine",
                "--follow-up",
                "2030-01-15",
                "--photo",
                photo,
            ],
        )
        .await;
    let (visit, hash) = (id(&visit), visit["photos"][0].as_str().expect("hash").to_string());
    c.one(worker, &["visit", "list"]).await;
    c.one(worker, &["visit", "due"]).await;
    c.one(worker, &["visit", "edit", &hh, &visit, "--note", "Knee better"])
        .await;
    c.one(worker, &["visit", "history", &hh, &visit]).await;
    c.one(worker, &["visit", "coverage"]).await;
    c.one(worker, &["visit", "follow-ups"]).await;
    let needs = c.one(worker, &["need", "list"]).await;
    let need = id(&needs[0]);
    c.one(worker, &["need", "assign", &need, "--member", "Grandma Wang"])
        .await;
    c.one(worker, &["need", "resolve", &need, "--note", "Delivered"]).await;
    let out = fresh.path().join("copy.jpg");
    c.one(worker, &["photo", "get", &hash, "--out", out.to_str().expect("path")])
        .await;

    // Paired neighbours and the daily check-in; a day missed two minutes from now.
    let soon = jinlin_model::dispatch::DispatchConfig::default().local_minute(now) + 2;
    let soon = format!("{:02}:{:02}", (soon / 60) % 24, soon % 60);
    let paired = c
        .one(
            worker,
            &[
                "pair",
                "create",
                "--group",
                &b3,
                "--person",
                "Grandma Wang",
                "--name",
                "Grandma Wang",
                "--building",
                "3",
                "--unit",
                "1202",
                "--neighbour",
                "Li=138 0000 1111",
                "--neighbour",
                "Chen",
                "--deadline",
                "09:30",
            ],
        )
        .await;
    has_keys(&paired, &["pairing", "next_judgement", "watch", "past"]);
    let pairing = paired["pairing"]["id"].as_str().expect("id").to_string();
    c.one(grandma, &["pair", "accept", &pairing[..8]]).await;
    c.one(li, &["pair", "accept", &pairing]).await;
    c.one(worker, &["pair", "list"]).await;
    c.one(li, &["pair", "show", &pairing]).await;
    let checked = jinlin_json(grandma, &["checkin"]).await;
    has_keys(&checked, &["sent", "pairings"]);
    assert_eq!(checked["sent"], true, "{checked}");
    c.one(grandma, &["checkin", "pause", &pairing, "3d"]).await;
    c.one(grandma, &["checkin", "pause", &pairing, "off"]).await;
    let lifeline = c.one(grandma, &["checkin", "lifeline"]).await;
    has_keys(&lifeline, &["neighbours", "sms_to", "sms_fine", "sms_help", "sms"]);
    let card = c.one(grandma, &["checkin", "lifeline", "--card"]).await;
    has_keys(&card, &["neighbours", "sms_to", "card"]);
    assert!(card["card"].as_str().is_some_and(|t| t.contains("结对联系卡")));
    c.one(grandma, &["checkin", "deadline", &pairing, &soon, "--grace", "0"])
        .await;
    // Today she checked in; tomorrow she does not.
    let judged_after = |t: i64| {
        let relay = tree.relay.relay().clone();
        move || relay.checkins().next_wake().is_some_and(|at| at > t)
    };
    tree.relay.advance(3 * 60_000);
    assert!(
        jinlin_tests::eventually(judged_after(now + 3 * 60_000)).await,
        "today is judged"
    );
    tree.relay.advance(24 * 3_600_000);
    assert!(
        jinlin_tests::eventually(judged_after(now + 24 * 3_600_000 + 3 * 60_000)).await,
        "tomorrow is judged missed"
    );
    let answered = c.one(li, &["checkin", "answer", &pairing, "fine"]).await;
    assert_eq!(answered["watch"], Value::Null, "{answered}");
    assert_eq!(answered["past"][0]["outcome"]["outcome"], "fine", "{answered}");

    // A report from raised to closed.
    let report = id(&c
        .one(ma, &["report", "raise", "--group", &b5, "--text", "The lift is stuck"])
        .await);
    c.one(worker, &["sync"]).await;
    c.one(worker, &["report", "list"]).await;
    c.one(worker, &["report", "show", &report]).await;
    c.one(worker, &["report", "assign", &report, "--to", "Chen"]).await;
    c.one(chen, &["sync"]).await;
    c.one(chen, &["report", "fix", &report]).await;
    c.one(worker, &["sync"]).await;
    c.one(worker, &["report", "check", &report]).await;
    c.one(worker, &["report", "close", &report]).await;

    // Teams, the service menu, orders and ratings: staff publish, Ma orders, staff dispatch, Gao
    // accepts, marks it done, and Ma rates it.
    let crew = c
        .one(
            staff,
            &[
                "team",
                "create",
                "--group",
                &community,
                "--name",
                "Property crew",
                "--kind",
                "property",
                "--skill",
                "plumber",
                "--leader",
                "Gao",
                "--serves",
                &estate,
            ],
        )
        .await;
    has_keys(
        &crew,
        &["id", "name", "kind", "skill", "leader", "serves", "members", "synced"],
    );
    c.one(
        staff,
        &[
            "team",
            "add",
            "Property crew",
            "--group",
            &community,
            "--member",
            "Ms Sun",
        ],
    )
    .await;
    c.one(
        staff,
        &[
            "team",
            "remove",
            "Property crew",
            "--group",
            &community,
            "--member",
            "Ms Sun",
        ],
    )
    .await;
    let teams = c.one(staff, &["team", "list", "--group", &community]).await;
    assert_eq!(teams.as_array().map(Vec::len), Some(1), "{teams}");
    let tap = c
        .one(
            staff,
            &[
                "menu",
                "add",
                "--group",
                &community,
                "--title",
                "Fix a leaking tap",
                "--team",
                "Property crew",
                "--price",
                "15",
                "--unit",
                "per visit",
                "--hours",
                "8:00-18:00",
            ],
        )
        .await;
    has_keys(
        &tap,
        &["id", "title", "team", "price_fen", "unit", "hours", "direct", "synced"],
    );
    assert_eq!(tap["price_fen"], 1500);
    c.one(ma, &["sync"]).await;
    let menu = c.one(ma, &["menu", "list", "--group", &community]).await;
    assert_eq!(menu[0]["title"], "Fix a leaking tap");
    let order = id(&c
        .one(
            ma,
            &[
                "order",
                "place",
                "Fix a leaking tap",
                "--group",
                &community,
                "--when",
                "Saturday",
                "--note",
                "Kitchen",
            ],
        )
        .await);
    let spare = id(&c
        .one(ma, &["order", "place", "Fix a leaking tap", "--group", &community])
        .await);
    let cancelled = c.one(ma, &["order", "cancel", &spare]).await;
    assert_eq!(cancelled["status"], "cancelled");
    c.one(staff, &["sync"]).await;
    let queue = c.one(staff, &["order", "list", "--status", "ordered"]).await;
    assert_eq!(queue.as_array().map(Vec::len), Some(1), "{queue}");
    let dispatched = c
        .one(staff, &["order", "dispatch", &order, "--team", "Property crew"])
        .await;
    has_keys(
        &dispatched,
        &[
            "id",
            "status",
            "team",
            "dispatches",
            "acceptances",
            "requester",
            "price_fen",
            "synced",
        ],
    );
    c.one(worker, &["sync"]).await;
    let declined = c.one(worker, &["order", "decline", &order]).await;
    assert_eq!(declined["status"], "ordered");
    c.one(staff, &["sync"]).await;
    c.one(staff, &["order", "dispatch", &order, "--team", "Property crew"])
        .await;
    c.one(worker, &["sync"]).await;
    let accepted = c.one(worker, &["order", "accept", &order]).await;
    assert_eq!(accepted["status"], "accepted");
    let done = c.one(worker, &["order", "done", &order]).await;
    assert_eq!(done["status"], "done");
    c.one(ma, &["sync"]).await;
    let shown = c.one(ma, &["order", "show", &order]).await;
    assert_eq!(shown["status"], "done");
    let rated = c
        .one(ma, &["rate", "order", &order, "--stars", "5", "--comment", "Tidy"])
        .await;
    assert_eq!(rated["rating"]["stars"], 5);
    c.one(staff, &["sync"]).await;
    let ratings = c.one(staff, &["rate", "teams", "--group", &community]).await;
    assert_eq!(ratings["teams"][0]["rated"], 1, "{ratings}");
    let helped = c.one(worker, &["rate", "helped"]).await;
    assert_eq!(helped["helped"], 1);
    c.one(staff, &["menu", "withdraw", "Fix a leaking tap", "--group", &community])
        .await;

    // Deliberation (议事): Gao links Li to the household of 3-1202, staff put a bench to Building
    // 3's households, Li discusses it and votes for the household, staff close it early.
    let linked = c.one(worker, &["household", "voter", &hh, "--member", "Li"]).await;
    has_keys(&linked, &["household", "member", "linked", "voters", "synced"]);
    assert_eq!(linked["voters"].as_array().map(Vec::len), Some(1), "{linked}");
    c.one(staff, &["sync"]).await;
    let bench = c
        .one(
            staff,
            &[
                "proposal",
                "create",
                "--group",
                &b3,
                "--title",
                "A bench by the door",
                "--text",
                "For those who wait for the lift",
                "--quorum",
                "50",
                "--threshold",
                "two-thirds",
                "--vote-for",
                "7d",
                "--early-close",
            ],
        )
        .await;
    has_keys(
        &bench,
        &["id", "title", "roll", "ballots", "closes_at", "tally", "synced"],
    );
    let bench = id(&bench);
    c.one(li, &["sync"]).await;
    let proposals = c.one(li, &["proposal", "list"]).await;
    assert_eq!(proposals.as_array().map(Vec::len), Some(1), "{proposals}");
    c.one(li, &["proposal", "comment", &bench, "Yes please"]).await;
    let voted = c.one(li, &["vote", &bench[..8], "yes"]).await;
    has_keys(&voted, &["ballot", "tally", "synced"]);
    let shown = c.one(li, &["proposal", "show", &bench]).await;
    assert_eq!(shown["tally"]["counts"][0]["votes"], 1, "{shown}");
    assert_eq!(shown["comments"][0]["text"], "Yes please");
    c.one(staff, &["sync"]).await;
    let closed = c.one(staff, &["proposal", "close", &bench]).await;
    has_keys(&closed, &["tally", "synced"]);
    // A secret one: Li's ballot goes straight to the relay, and his phone keeps the receipt.
    let secret = id(&c
        .one(
            staff,
            &[
                "proposal",
                "create",
                "--group",
                &b3,
                "--title",
                "Paint the stairwell",
                "--text",
                "Green or grey",
                "--secret",
            ],
        )
        .await);
    c.one(li, &["sync"]).await;
    let voted = c.one(li, &["vote", &secret, "no"]).await;
    let receipt = voted["ballot"].as_str().expect("a receipt").to_string();
    let shown = c.one(li, &["proposal", "show", &secret]).await;
    assert_eq!(shown["my_receipt"], receipt.as_str(), "{shown}");
    assert_eq!(
        shown["ballots"].as_array().map(Vec::len),
        Some(0),
        "no ballot in the proposal: {shown}"
    );

    // The board (认领): Ma's small wish, put on the board by staff, claimed by Gao for the crew,
    // resolved, confirmed and rated; a need taken off the board; the figures.
    let wish = c
        .one(
            ma,
            &["need", "post", "--group", &community, "--title", "Put up a shelf"],
        )
        .await;
    assert_eq!(wish["status"], "wish", "{wish}");
    let wish = id(&wish);
    c.one(staff, &["sync"]).await;
    let published = c.one(staff, &["need", "publish", &wish]).await;
    has_keys(
        &published,
        &[
            "id",
            "status",
            "title",
            "details",
            "requester",
            "claims",
            "progress",
            "slots",
            "synced",
        ],
    );
    assert_eq!(published["status"], "open");
    let spare = id(&c
        .one(
            staff,
            &[
                "need", "post", "--group", &community, "--title", "Spare", "--slots", "2",
            ],
        )
        .await);
    let spot = c
        .one(
            staff,
            &[
                "need",
                "post",
                "--group",
                &community,
                "--title",
                "A bulb",
                "--on-the-spot",
            ],
        )
        .await;
    assert_eq!(spot["status"], "confirmed", "{spot}");
    c.one(worker, &["sync"]).await;
    let board = c.one(worker, &["need", "board", "--group", &community]).await;
    assert_eq!(board.as_array().map(Vec::len), Some(2), "{board}");
    let claimed = c
        .one(worker, &["need", "claim", &wish, "--team", "Property crew"])
        .await;
    assert_eq!(claimed["status"], "claimed", "{claimed}");
    c.one(worker, &["need", "progress", &wish, "Bought brackets"]).await;
    let resolved = c.one(worker, &["need", "resolve", &wish, "--note", "Shelf up"]).await;
    assert_eq!(resolved["status"], "resolved");
    c.one(staff, &["sync"]).await;
    c.one(staff, &["need", "confirm", &wish]).await;
    c.one(ma, &["sync"]).await;
    c.one(ma, &["need", "show", &wish]).await;
    let rated_need = c.one(ma, &["rate", "need", &wish, "--stars", "5"]).await;
    assert_eq!(rated_need["status"], "rated");
    c.one(li, &["sync"]).await;
    c.one(li, &["need", "claim", &spare]).await;
    let unclaimed = c.one(li, &["need", "unclaim", &spare]).await;
    assert_eq!(unclaimed["status"], "open");
    c.one(staff, &["sync"]).await;
    let withdrawn = c.one(staff, &["need", "withdraw", &spare]).await;
    assert_eq!(withdrawn["status"], "withdrawn");
    let figures = c.one(staff, &["need", "figures", "--group", &community]).await;
    has_keys(&figures, &["total", "months", "teams"]);
    assert_eq!(figures["total"]["on_the_spot"], 1, "{figures}");
    assert_eq!(figures["teams"][0]["resolved"], 1, "{figures}");

    // Notices (让邻知事): staff post a pinned notice, Ma reads it, staff see the count.
    let notice = c
        .one(
            staff,
            &[
                "notice",
                "post",
                "--group",
                &community,
                "--title",
                "Water off",
                "--text",
                "Tuesday",
                "--pin",
                "3d",
            ],
        )
        .await;
    has_keys(
        &notice,
        &[
            "id",
            "group_id",
            "title",
            "body",
            "pinned_until",
            "read_by",
            "posted_by",
            "synced",
        ],
    );
    let notice = id(&notice);
    c.one(ma, &["sync"]).await;
    let notices = c.one(ma, &["notice", "list"]).await;
    assert_eq!(notices[0]["title"], "Water off", "{notices}");
    let read = c.one(ma, &["notice", "read", &notice[..8]]).await;
    has_keys(&read, &["id", "title", "body", "read_by", "synced"]);
    c.one(staff, &["sync"]).await;
    let reads = c.one(staff, &["notice", "reads", &notice]).await;
    has_keys(&reads, &["households_read", "households", "members_read"]);
    assert_eq!(reads["members_read"], 1, "{reads}");
    c.one(staff, &["notice", "withdraw", &notice]).await;

    // Alert settings, a lost phone, the demo, signing out.
    c.one(li, &["me", "availability", "on"]).await;
    c.one(li, &["me", "quiet-hours", "off"]).await;
    c.one(li, &["me", "home", "off"]).await;
    c.one(li, &["me", "push", "webhook", "https://gateway.example/hook"])
        .await;
    c.one(li, &["me", "language", "en"]).await;
    c.one(staff, &["sync"]).await;
    c.one(staff, &["group", "revoke-device", &b5, &zhou_id[..8]]).await;
    let demo = home();
    c.one(demo.path(), &["demo"]).await;
    c.one(demo.path(), &["demo", "urgent"]).await;
    c.one(demo.path(), &["demo", "checkin"]).await;
    c.one(demo.path(), &["demo", "community"]).await;
    let refused = c.one(li, &["refused"]).await;
    assert!(refused["refused"].is_array(), "{refused}");
    c.one(li, &["signout"]).await;

    // The one stream: `watch` prints JSON lines until it is stopped.
    let watch = tokio::process::Command::new(jinlin_tests::jinlin_bin())
        .args(["--home", worker.to_str().expect("home"), "--json", "watch"])
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("watch runs");
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    let pid = watch.id().expect("pid").to_string();
    assert!(
        std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill")
            .success()
    );
    let out = tokio::time::timeout(std::time::Duration::from_secs(10), watch.wait_with_output())
        .await
        .expect("watch stops")
        .expect("output");
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        serde_json::from_str::<Value>(line).unwrap_or_else(|e| panic!("not a JSON line ({e}): {line}"));
    }
    c.ran.insert("watch".to_string());

    // Neighbours' phones with no relay: one listens (the address on stderr, one JSON value on
    // stdout when it stops), another syncs with it, and the network is searched.
    let listen = tokio::process::Command::new(jinlin_tests::jinlin_bin())
        .args(["--home", worker.to_str().expect("home"), "--json", "peer", "listen"])
        .args(["--host", "127.0.0.1", "--port", "0", "--no-announce"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("peer listen runs");
    let mut listen = listen;
    let stderr = listen.stderr.take().expect("stderr");
    let mut lines = tokio::io::AsyncBufReadExt::lines(tokio::io::BufReader::new(stderr));
    let first = tokio::time::timeout(std::time::Duration::from_secs(10), lines.next_line())
        .await
        .expect("prints its address")
        .expect("reads")
        .expect("a line");
    let at = first
        .strip_prefix("listening on ")
        .expect("listening on HOST:PORT")
        .to_string();
    let synced = c.one(chen, &["peer", "sync", &at]).await;
    has_keys(
        &synced,
        &[
            "peer",
            "peer_name",
            "sent_changes",
            "received_changes",
            "refused",
            "refused_by_peer",
            "withheld",
        ],
    );
    let found = c.one(chen, &["peer", "discover", "--wait", "1s"]).await;
    assert!(found["peers"].is_array(), "{found}");
    let pid = listen.id().expect("pid").to_string();
    assert!(
        std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill")
            .success()
    );
    let out = tokio::time::timeout(std::time::Duration::from_secs(10), listen.wait_with_output())
        .await
        .expect("peer listen stops")
        .expect("output");
    let served: Value = serde_json::from_str(String::from_utf8_lossy(&out.stdout).trim()).expect("one JSON value");
    has_keys(&served, &["addr", "sessions"]);
    assert_eq!(served["sessions"].as_array().map(Vec::len), Some(1), "{served}");
    c.ran.insert("peer listen".to_string());

    // Staff sign in the relay's dashboard: a browser's code, approved from the command line.
    let at = jinlin_model::Clock::now_ms(tree.relay.clock());
    let pairing = tree.relay.relay().desks().pair(at).expect("random").expect("room");
    let approved = c.one(staff, &["dashboard", "approve", &pairing.code]).await;
    has_keys(&approved, &["member_id", "expires_at", "expires_at_rfc3339"]);

    // `checkin` on its own is a command too ("I'm fine"), checked above.
    c.ran.insert("checkin".to_string());
    let missed: Vec<&String> = leaves.iter().filter(|l| !c.ran.contains(*l)).collect();
    assert!(missed.is_empty(), "commands never checked with --json: {missed:?}");
}
