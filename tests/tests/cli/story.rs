//! The hospital-ride story told through three command-line homes.

use jinlin_tests::{Relay, jinlin, jinlin_json};
use serde_json::Value;
use tempfile::TempDir;

fn states(list: &Value, id: &str) -> Vec<(String, String)> {
    let request = list
        .as_array()
        .expect("an array")
        .iter()
        .find(|r| r["id"] == id)
        .expect("the request is listed");
    request["signups"]
        .as_array()
        .expect("signups")
        .iter()
        .map(|s| {
            (
                s["member_name"].as_str().expect("name").to_string(),
                s["state"].as_str().expect("state").to_string(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_hospital_ride_story_runs_through_the_command_line_on_three_homes() {
    let relay = Relay::start().await;
    let url = relay.url();
    let (grandma, chen, zhou) = (
        TempDir::new().expect("home"),
        TempDir::new().expect("home"),
        TempDir::new().expect("home"),
    );
    for (home, name, building) in [
        (&grandma, "Grandma Wang", "3"),
        (&chen, "Chen", "3"),
        (&zhou, "Zhou", "5"),
    ] {
        let me = jinlin_json(
            home.path(),
            &[
                "register",
                "--relay",
                &url,
                "--name",
                name,
                "--building",
                building,
                "--unit",
                "101",
            ],
        )
        .await;
        assert_eq!(me["name"], name);
        assert_eq!(me["relay"], url.as_str());
    }
    let group = jinlin_json(grandma.path(), &["group", "create", "Lianhua Community"]).await;
    let group_id = group["id"].as_str().expect("group id").to_string();
    let invite = jinlin_json(
        grandma.path(),
        &[
            "group",
            "invite",
            &group_id,
            "--role",
            "volunteer",
            "--uses",
            "2",
            "--expires-in",
            "7d",
        ],
    )
    .await;
    let code = invite["code"].as_str().expect("code").to_string();
    for home in [&chen, &zhou] {
        let joined = jinlin_json(home.path(), &["group", "join", &code]).await;
        assert_eq!(joined["group_id"], group_id.as_str());
        assert_eq!(joined["role"], "volunteer");
    }

    // Grandma raises while offline.
    let raised = jinlin_json(
        grandma.path(),
        &[
            "--offline",
            "request",
            "raise",
            "--group",
            &group_id,
            "--kind",
            "hospital",
            "--urgent",
            "--text",
            "Please drive me to the maternity hospital",
        ],
    )
    .await;
    let ride = raised["id"].as_str().expect("request id").to_string();
    assert_eq!(raised["synced"], false);
    assert!(jinlin(grandma.path(), &["sync"]).await.ok());
    for home in [&chen, &zhou] {
        assert!(jinlin(home.path(), &["sync"]).await.ok());
    }

    // Both volunteers accept offline; Zhou first by the clock, Chen reaches the relay first.
    for home in [&zhou, &chen] {
        let accepted = jinlin_json(home.path(), &["--offline", "request", "accept", &ride]).await;
        assert_eq!(accepted["signups"][0]["state"], "tentative");
    }
    for home in [&chen, &zhou, &chen, &grandma] {
        assert!(jinlin(home.path(), &["sync"]).await.ok());
    }
    let expected = vec![
        ("Chen".to_string(), "confirmed".to_string()),
        ("Zhou".to_string(), "standby".to_string()),
    ];
    for home in [&grandma, &chen, &zhou] {
        let list = jinlin_json(home.path(), &["request", "list", "--group", &group_id]).await;
        assert_eq!(states(&list, &ride), expected);
    }

    // Chen withdraws (his quick sync sends it at once); Zhou is promoted everywhere.
    jinlin_json(chen.path(), &["request", "withdraw", &ride]).await;
    for home in [&grandma, &chen, &zhou] {
        assert!(jinlin(home.path(), &["sync"]).await.ok());
        let list = jinlin_json(home.path(), &["request", "list"]).await;
        assert_eq!(
            states(&list, &ride),
            vec![("Zhou".to_string(), "confirmed".to_string())]
        );
    }

    jinlin_json(zhou.path(), &["request", "start", &ride]).await;
    let done = jinlin_json(zhou.path(), &["request", "done", &ride]).await;
    assert_eq!(done["status"], "done");
    let thanked = jinlin_json(grandma.path(), &["request", "comment", &ride, "Thank you, Zhou!"]).await;
    assert_eq!(thanked["comments"][0]["text"], "Thank you, Zhou!");
    assert!(jinlin(chen.path(), &["sync"]).await.ok());
    let shown = jinlin_json(chen.path(), &["request", "show", &ride]).await;
    assert_eq!(shown["status"], "done");
    let done_list = jinlin_json(chen.path(), &["request", "list", "--status", "done"]).await;
    assert_eq!(done_list.as_array().map(Vec::len), Some(1));
}
