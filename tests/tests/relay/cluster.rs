//! Several relay instances on one PostgreSQL database, as a district runs them behind a load
//! balancer with no sticky sessions: phones on different instances see one relay. What is
//! written through one instance reaches live sockets on another at once; the relay's order of
//! sign-ups, an invite's uses, the group tree and revocations hold across instances; and when
//! the instance running an urgent escalation is killed, another sends the next wave, once; and
//! an alert reaches a neighbour live on another instance live, not pushed as well.
//! Each test passes, saying why, without `JINLIN_TEST_DATABASE_URL` (the PostgreSQL pass of
//! `scripts/test-all.sh` sets it).

use std::time::{Duration, Instant};

use automerge::Change;

use jinlin_core::{DocId, GroupKind, Role, SignupState};
use jinlin_model::protocol::{Invite, LiveMessage, PushKind, PushRegistration};
use reqwest::StatusCode;

use jinlin_tests::neighbourhood::Neighbour;
use jinlin_tests::process::RelayProcess;
use jinlin_tests::wire::{START, WireDevice, hospital_ride};
use jinlin_tests::{Phone, Relay, Tree, admit, eventually, tree};

use crate::live::{live, next, ride};

/// Lianhua Community → East Estate → Building 3 and Building 5, made by staff.
async fn groups(staff: &WireDevice) -> (DocId, DocId, DocId, DocId) {
    let community = staff.create_group("Lianhua", GroupKind::Community, None).await;
    let estate = staff
        .create_group("East Estate", GroupKind::Estate, Some(community))
        .await;
    let b3 = staff
        .create_group("Building 3", GroupKind::Building, Some(estate))
        .await;
    let b5 = staff
        .create_group("Building 5", GroupKind::Building, Some(estate))
        .await;
    (community, estate, b3, b5)
}

#[tokio::test]
async fn a_change_uploaded_through_one_instance_reaches_a_live_socket_on_another_within_a_second() {
    let Some(a) = Relay::clocked_on_postgres(START).await else {
        return;
    };
    let b = a.another_instance().await;
    let staff = a.device("Ms Sun").await;
    let (_, _, b3, _) = groups(&staff).await;
    let neighbour = a.device_at("Li", &b.url()).await;
    staff.admit(&neighbour, b3, Role::Volunteer).await;
    neighbour.sync().await;
    let mut ws = live(&b, &neighbour).await;

    let request = staff.device.raise(ride(b3)).expect("raise");
    let sent = Instant::now();
    staff.sync().await;
    let LiveMessage::Changes { doc, .. } = next(&mut ws).await else {
        panic!("expected the request's changes");
    };
    let took = sent.elapsed();
    assert_eq!(doc.doc_id, request);
    assert!(took < Duration::from_secs(1), "arrived after {took:?}");
    let changes: Vec<Change> = doc
        .changes
        .iter()
        .map(|b| Change::from_bytes(b.to_vec()).expect("change"))
        .collect();
    neighbour
        .device
        .apply_remote(doc.doc_id, doc.doc_type, doc.group_id, changes)
        .expect("apply");
    assert_eq!(
        neighbour.request(request).expect("the request arrived live").id,
        request
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_volunteers_accepting_one_slot_through_two_instances_at_once_leave_exactly_one_confirmed_everywhere() {
    let Some(a) = Relay::clocked_on_postgres(START).await else {
        return;
    };
    let (b, c) = (a.another_instance().await, a.another_instance().await);
    let staff = a.device("Ms Sun").await;
    let (_, _, b3, b5) = groups(&staff).await;
    let requester = a.device_at("Grandma Wang", &a.url()).await;
    let li = a.device_at("Li", &b.url()).await;
    let chen = a.device_at("Chen", &c.url()).await;
    staff.admit(&requester, b3, Role::Resident).await;
    staff.admit(&li, b3, Role::Volunteer).await;
    staff.admit(&chen, b5, Role::Volunteer).await;
    // Chen reads Building 3's requests as a volunteer of the estate.
    staff.admit(&chen, b3, Role::Volunteer).await;
    for d in [&requester, &li, &chen] {
        d.sync().await;
    }

    for round in 0..3 {
        let mut r = ride(b3);
        r.slots = 1;
        let request = requester.device.raise(r).expect("raise");
        requester.sync().await;
        li.sync().await;
        chen.sync().await;
        li.device.accept(request).expect("accept");
        chen.device.accept(request).expect("accept");
        // Both reach their instances at the same moment.
        let (x, y) = tokio::join!(li.sync(), chen.sync());
        assert!(x.acks.len() + y.acks.len() >= 2, "both sign-ups were stored");
        let mut confirmed = None;
        for d in [&requester, &li, &chen, &staff] {
            d.sync().await;
            let view = d.request(request).expect("view");
            let states: Vec<_> = [li.member_id, chen.member_id]
                .into_iter()
                .map(|m| (m, view.signup_of(m).map(|s| s.state)))
                .collect();
            let mine: Vec<_> = states
                .iter()
                .filter(|(_, s)| *s == Some(SignupState::Confirmed))
                .map(|(m, _)| *m)
                .collect();
            assert_eq!(
                mine.len(),
                1,
                "round {round}: exactly one confirmed on {}: {states:?}",
                d.member_id
            );
            assert!(
                states.iter().any(|(_, s)| *s == Some(SignupState::Standby)),
                "round {round}: the other stands by on {}: {states:?}",
                d.member_id
            );
            match confirmed {
                None => confirmed = Some(mine[0]),
                Some(first) => assert_eq!(first, mine[0], "round {round}: every device agrees"),
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invite_for_one_use_redeemed_through_two_instances_at_once_admits_one_neighbour() {
    let Some(a) = Relay::clocked_on_postgres(START).await else {
        return;
    };
    let (b, c) = (a.another_instance().await, a.another_instance().await);
    let staff = a.device("Ms Sun").await;
    let (_, _, b3, _) = groups(&staff).await;
    for round in 0..3 {
        let invite: Invite = staff
            .client
            .invite(b3, Role::Resident, 1, 3600)
            .await
            .expect_status(StatusCode::CREATED)
            .parse();
        let wu = a.device_at(&format!("Wu {round}"), &b.url()).await;
        let ma = a.device_at(&format!("Ma {round}"), &c.url()).await;
        let (x, y) = tokio::join!(wu.client.redeem(&invite.code), ma.client.redeem(&invite.code));
        let admitted = [x.status, y.status].iter().filter(|s| s.is_success()).count();
        assert_eq!(
            admitted, 1,
            "round {round}: one use admits one: {:?} {:?}",
            x.status, y.status
        );
        let mut members = 0;
        for d in [&wu, &ma] {
            members += d.client.memberships().await.iter().filter(|m| m.group_id == b3).count();
        }
        assert_eq!(members, 1, "round {round}: one neighbour joined Building 3");
    }
}

#[tokio::test]
async fn a_device_revoked_through_one_instance_loses_its_live_socket_on_another_at_once() {
    let Some(a) = Relay::clocked_on_postgres(START).await else {
        return;
    };
    let b = a.another_instance().await;
    let staff = a.device("Ms Sun").await;
    let (community, _, _, _) = groups(&staff).await;
    let lost = a.device_at("Zhou", &b.url()).await;
    staff.admit(&lost, community, Role::Volunteer).await;
    lost.sync().await;
    let mut ws = live(&b, &lost).await;

    staff
        .client
        .delete(&format!("/v1/groups/{community}/devices/{}", lost.member_id))
        .await
        .expect_status(StatusCode::NO_CONTENT);
    let closed = crate::live::close_code(&mut ws).await;
    assert_eq!(closed, Some(jinlin_relay::live::CLOSE_REVOKED), "closed as revoked");
    let again = lost.client.get("/v1/groups").await;
    assert_eq!(
        again.status,
        StatusCode::UNAUTHORIZED,
        "its token opens nothing on any instance"
    );
}

#[tokio::test]
async fn groups_and_documents_written_through_one_instance_are_current_on_another_at_once() {
    let Some(a) = Relay::clocked_on_postgres(START).await else {
        return;
    };
    let b = a.another_instance().await;
    let mut staff = a.device("Ms Sun").await;
    let (_, estate, b3, _) = groups(&staff).await;
    // Through the other instance at once: a building under the estate made on the first, and
    // an invite to it.
    staff.client.url = b.url();
    let b7 = staff
        .create_group("Building 7", GroupKind::Building, Some(estate))
        .await;
    let newcomer = a.device_at("He", &b.url()).await;
    staff.admit(&newcomer, b7, Role::Volunteer).await;
    staff.client.url = a.url();
    assert!(
        newcomer.client.memberships().await.iter().any(|m| m.group_id == b7),
        "admitted to a building the other instance just learned of"
    );
    // A request made through one instance and signed up to through the other: the relay's
    // order is numbered on the current document.
    let requester = a.device_at("Grandma Wang", &a.url()).await;
    staff.admit(&requester, b3, Role::Resident).await;
    staff.admit(&newcomer, b3, Role::Volunteer).await;
    requester.sync().await;
    let request = requester.device.raise(hospital_ride(b3, 1)).expect("raise");
    requester.sync().await;
    newcomer.sync().await;
    newcomer.device.accept(request).expect("accept");
    newcomer.sync().await;
    requester.sync().await;
    let view = requester.request(request).expect("view");
    assert_eq!(
        view.signup_of(newcomer.member_id).map(|s| s.state),
        Some(SignupState::Confirmed)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn when_the_instance_running_an_escalation_is_killed_another_sends_the_next_wave_once() {
    let Some(database) = Relay::postgres_for_test().await else {
        return;
    };
    let (dir_a, dir_b) = (tempfile::tempdir().expect("dir"), tempfile::tempdir().expect("dir"));
    let instance = |dir: &std::path::Path| {
        let mut command = RelayProcess::command(dir);
        command
            .env("JINLIN_DATABASE_URL", database.as_str())
            .args(["--wave-wait", "3s", "--night-wave-wait", "3s"]);
        RelayProcess::spawn(command)
    };
    let mut a = instance(dir_a.path());
    let b = instance(dir_b.path());

    let sun = Phone::registered_at("Ms Sun", "1", &a.url).await;
    let Tree { b3, b5, .. } = tree(&sun).await;
    let grandma = Phone::registered_at("Grandma Wang", "3", &a.url).await;
    let mut li = Neighbour::listening(Phone::registered_at("Li", "3", &b.url).await);
    let mut ma = Neighbour::listening(Phone::registered_at("Ma", "5", &b.url).await);
    admit(&sun, &grandma, b3, Role::Resident).await;
    admit(&sun, &li.phone, b3, Role::Volunteer).await;
    admit(&sun, &ma.phone, b5, Role::Volunteer).await;
    sun.client().set_availability(false).await.expect("availability");
    li.go_live().await;
    ma.go_live().await;
    tokio::time::sleep(Duration::from_millis(300)).await;

    // Raised through the first instance: its building is alerted, live through the second.
    let ride = grandma.raise_ride(b3, 1);
    grandma.sync().await;
    assert!(
        eventually(|| li.alerted(ride) == Some(1)).await,
        "Li alerted in the first wave"
    );
    assert_eq!(ma.alerted(ride), None, "Building 5 waits for the second wave");

    // The first instance dies without a word; the second runs the next wave when it is due.
    a.child.kill().expect("kill");
    a.child.wait().expect("wait");
    let killed = Instant::now();
    let deadline = killed + Duration::from_secs(3 + 5);
    while ma.alerted(ride).is_none() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        ma.alerted(ride),
        Some(2),
        "the estate is alerted within the wave's time and 5 s"
    );
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(li.alerts_about(ride), 1, "nobody is alerted twice for the first wave");
    assert_eq!(ma.alerts_about(ride), 1, "nor for the second");
}

/// The `name=value` of cookie `name` in a response's `Set-Cookie` headers.
fn set_cookie(res: &reqwest::Response, name: &str) -> Option<String> {
    res.headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .find(|kv| kv.starts_with(&format!("{name}=")))
        .map(str::to_string)
}

#[tokio::test]
async fn a_browser_signs_in_to_the_dashboard_through_one_instance_and_carries_on_through_the_others() {
    let Some(a) = Relay::clocked_on_postgres(START).await else {
        return;
    };
    let (b, c) = (a.another_instance().await, a.another_instance().await);
    let staff = a.device("Ms Sun").await;
    groups(&staff).await;
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("browser");

    // The sign-in page through A shows a code; the phone approves it through B.
    let page = browser
        .get(format!("{}/dashboard/signin", a.url()))
        .send()
        .await
        .expect("sign-in page");
    let pairing = set_cookie(&page, "jinlin_pairing").expect("the pairing cookie");
    let html = page.text().await.expect("html");
    let code = html
        .split("id=\"pairing-code\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .expect("the code on the page")
        .to_string();
    let mut phone = staff.client.clone();
    phone.url = b.url();
    phone
        .json(
            reqwest::Method::POST,
            "/v1/dashboard/approve",
            &jinlin_model::protocol::DashboardApprove { code },
        )
        .await
        .expect_status(StatusCode::OK);

    // The browser's poll reaches C and becomes a session there, once.
    let status = browser
        .get(format!("{}/dashboard/signin/status", c.url()))
        .header(reqwest::header::COOKIE, &pairing)
        .send()
        .await
        .expect("status");
    let session = set_cookie(&status, "jinlin_session").expect("a session cookie");
    assert!(status.text().await.expect("json").contains("approved"));
    let again = browser
        .get(format!("{}/dashboard/signin/status", a.url()))
        .header(reqwest::header::COOKIE, &pairing)
        .send()
        .await
        .expect("status");
    assert!(
        set_cookie(&again, "jinlin_session").is_none(),
        "an approval becomes one session"
    );

    // Every instance knows the session.
    let mut csrf = String::new();
    for instance in [&a, &b, &c] {
        let now = browser
            .get(format!("{}/dashboard/now", instance.url()))
            .header(reqwest::header::COOKIE, &session)
            .send()
            .await
            .expect("the Now page");
        assert_eq!(now.status(), StatusCode::OK, "signed in on {}", instance.url());
        let html = now.text().await.expect("html");
        csrf = html
            .split("data-csrf=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("the page's CSRF token")
            .to_string();
    }
    // Signing out through one ends it on all.
    let out = browser
        .post(format!("{}/dashboard/signout", b.url()))
        .header(reqwest::header::COOKIE, &session)
        .header("x-csrf-token", &csrf)
        .send()
        .await
        .expect("sign out");
    assert!(
        out.status().is_redirection() || out.status().is_success(),
        "{}",
        out.status()
    );
    let after = browser
        .get(format!("{}/dashboard/now", c.url()))
        .header(reqwest::header::COOKIE, &session)
        .send()
        .await
        .expect("the Now page");
    assert_ne!(after.status(), StatusCode::OK, "signed out everywhere");
}

/// A signed-webhook receiver on 127.0.0.1 (an SMS gateway, say) that records every call.
#[derive(Clone, Default)]
struct Hook(std::sync::Arc<std::sync::Mutex<Vec<serde_json::Value>>>);

impl Hook {
    /// Starts it; the relay's push settings that reach it.
    async fn start() -> (Hook, jinlin_relay::alerts::push::PushSettings) {
        use axum::routing::post;
        let hook = Hook::default();
        let calls = hook.clone();
        let app = axum::Router::new().route(
            "/hook",
            post(move |body: axum::Json<serde_json::Value>| async move {
                calls.0.lock().expect("calls").push(body.0);
                reqwest::StatusCode::OK
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        let settings = jinlin_relay::alerts::push::PushSettings {
            webhook: Some(jinlin_relay::alerts::push::WebhookSettings {
                url: format!("http://{addr}/hook"),
                secret: "lianhua-gateway".into(),
            }),
            ..Default::default()
        };
        (hook, settings)
    }

    /// Alerts pushed to `to` about `request`.
    fn alerts(&self, to: &str, request: DocId) -> usize {
        let request = request.to_string();
        self.0
            .lock()
            .expect("calls")
            .iter()
            .filter(|c| c["to"] == to && c["request"] == request.as_str() && c["type"] == "alert")
            .count()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_urgent_alert_reaches_a_neighbour_live_on_another_instance_once_live_and_one_live_nowhere_once_by_push() {
    if Relay::postgres_for_test().await.is_none() {
        return;
    }
    let (hook, push) = Hook::start().await;
    let a = Relay::clocked_with(START, move |s| s.push = push.clone()).await;
    let b = a.another_instance().await;
    let sun = Phone::registered_at("Ms Sun", "1", &a.url()).await;
    let Tree { b3, .. } = tree(&sun).await;
    let grandma = Phone::registered_at("Grandma Wang", "3", &a.url()).await;
    let mut li = Neighbour::listening(Phone::registered_at("Li", "3", &b.url()).await);
    let wu = Phone::registered_at("Wu", "3", &a.url()).await;
    admit(&sun, &grandma, b3, Role::Resident).await;
    admit(&sun, &li.phone, b3, Role::Volunteer).await;
    admit(&sun, &wu, b3, Role::Volunteer).await;
    sun.client().set_availability(false).await.expect("availability");
    for (phone, token) in [(&li.phone, "li"), (&wu, "wu")] {
        phone
            .client()
            .register_push(&PushRegistration {
                kind: PushKind::Webhook,
                token: token.into(),
            })
            .await
            .expect("push registered");
    }
    let li_member = li.phone.identity().expect("id").expect("me").member_id;
    li.go_live().await;
    let on_a = a.relay().clone();
    assert!(
        eventually(|| on_a.live_elsewhere(&[li_member]).is_ok_and(|m| m.contains(&li_member))).await,
        "the first instance learns that Li is live on the second"
    );

    // Li is live on the second instance: the alert arrives there, live, and is not pushed too.
    // Wu is live nowhere: pushed to, once.
    let ride = grandma.raise_ride(b3, 2);
    grandma.sync().await;
    assert!(eventually(|| li.alerted(ride) == Some(1)).await, "Li alerted live");
    assert!(
        eventually(|| hook.alerts("wu", ride) == 1).await,
        "Wu's phone pushed to"
    );
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(hook.alerts("li", ride), 0, "Li, alerted live, gets no push as well");
    assert_eq!(hook.alerts("wu", ride), 1, "Wu is pushed to once");
    assert_eq!(li.alerts_about(ride), 1);

    // Li's phone leaves the second instance and a ride is raised at once: whichever instance
    // answers for Li (the first, if it has heard; the second, if not), Li is pushed to once.
    li.live = None;
    let on_b = b.relay().clone();
    assert!(
        eventually(|| !on_b.alerts().is_online(li_member)).await,
        "the socket closed"
    );
    let second = grandma.raise_ride(b3, 2);
    grandma.sync().await;
    assert!(
        eventually(|| hook.alerts("li", second) == 1).await,
        "Li, live nowhere now, is pushed to"
    );
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(hook.alerts("li", second), 1, "once, not by both instances");
}
