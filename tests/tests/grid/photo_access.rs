//! Photos are as private as the documents that name them, and the relay enforces it: a visit's
//! photo is read by those who may read its household, a photo report's by the reporter and the
//! group's grid workers and staff. Anyone else is told the photo does not exist, exactly as for
//! one never uploaded. A relay upgraded from before this rule reads the photos its stored
//! documents name once, on start.

use jinlin_core::{DocId, Place, Role};
use jinlin_model::DocKind;
use jinlin_model::docs::household::NewVisit;
use jinlin_model::kinds::{RiskTier, VisitOutcome};
use jinlin_model::photo::hash_of;
use jinlin_tests::{Phone, Relay};

use crate::patch::{household, patch};

/// `GET` of a photo as `phone`: status and body.
async fn get(relay: &Relay, phone: &Phone, group: DocId, hash: &str) -> (u16, String) {
    let res = reqwest::Client::new()
        .get(format!("{}/v1/groups/{group}/blobs/{hash}", relay.url()))
        .header("authorization", format!("Bearer {}", phone.settings().token))
        .send()
        .await
        .expect("answer");
    (res.status().as_u16(), res.text().await.expect("body"))
}

/// A leader of `building` in `group`, joined and synced.
async fn leader(relay: &Relay, staff: &Phone, group: DocId, name: &str, building: &str) -> Phone {
    let phone = Phone::registered(name, building, relay).await;
    phone.join(&staff.invite_leader(group, building).await).await;
    phone
}

/// A photo attached to a visit of a household in building "3", uploaded.
async fn visit_photo(worker: &Phone, group: DocId) -> (DocId, String, Vec<u8>) {
    let home = household(worker, group, "3", "1202", RiskTier::Red);
    let bytes = b"a photo of the kitchen: the gas hose is cracked".to_vec();
    let hash = worker.add_blob(group, &bytes).expect("photo");
    worker
        .log_visit(
            home,
            &NewVisit {
                outcome: Some(VisitOutcome::Met),
                photos: vec![hash.clone()],
                ..NewVisit::default()
            },
        )
        .expect("visit");
    let report = worker.sync().await;
    assert_eq!((report.rejected.len(), report.blobs_pending), (0, 0));
    (home, hash, bytes)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visit_photo_is_read_only_by_those_who_may_read_its_household() {
    let p = patch().await;
    let own = leader(&p.relay, &p.staff, p.group, "Leader Qian", "3").await;
    let other = leader(&p.relay, &p.staff, p.group, "Leader Wu", "5").await;
    let (_, hash, bytes) = visit_photo(&p.worker, p.group).await;

    for reader in [&p.staff, &p.second_worker, &own] {
        let (status, body) = get(&p.relay, reader, p.group, &hash).await;
        assert_eq!(
            (status, body.into_bytes()),
            (200, bytes.clone()),
            "{} reads it",
            reader.name
        );
    }
    let never = get(&p.relay, &p.resident, p.group, &hash_of(b"never uploaded")).await;
    assert_eq!(never.0, 404);
    for outsider in [&p.resident, &other] {
        assert_eq!(
            get(&p.relay, outsider, p.group, &hash).await,
            never,
            "{} is told it does not exist",
            outsider.name
        );
    }
    // Through the phone's own call too.
    assert!(
        jinlin_core::net::photos::fetch_blob(&p.resident, &p.resident.client(), &hash, None)
            .await
            .is_err()
    );
    assert_eq!(p.resident.blob(&hash).expect("blob"), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_photo_is_read_by_its_reporter_and_the_groups_grid_workers_and_staff_only() {
    let p = patch().await;
    let neighbour = Phone::registered("Resident Sun", "3", &p.relay).await;
    neighbour.join(&p.staff.invite(p.group, Role::Resident).await).await;
    let own = leader(&p.relay, &p.staff, p.group, "Leader Qian", "3").await;
    let bytes = b"a photo of the leaking pipe under the stairs".to_vec();
    let hash = p.resident.add_blob(p.group, &bytes).expect("photo");
    p.resident
        .raise_report(
            p.group,
            "The pipe under the stairs is leaking",
            Place {
                building: Some("3".into()),
                ..Place::default()
            },
            std::slice::from_ref(&hash),
        )
        .expect("report");
    assert_eq!(p.resident.sync().await.blobs_pending, 0);
    neighbour.sync().await;
    assert_eq!(
        neighbour.reports(None, None).expect("reports").len(),
        1,
        "the report itself is public"
    );

    for reader in [&p.resident, &p.worker, &p.staff] {
        let (status, body) = get(&p.relay, reader, p.group, &hash).await;
        assert_eq!(
            (status, body.into_bytes()),
            (200, bytes.clone()),
            "{} reads it",
            reader.name
        );
    }
    let never = get(&p.relay, &neighbour, p.group, &hash_of(b"never uploaded")).await;
    for outsider in [&neighbour, &own] {
        assert_eq!(
            get(&p.relay, outsider, p.group, &hash).await,
            never,
            "{}",
            outsider.name
        );
    }

    // The neighbour read the hash in the public report and names it in a report of their own,
    // written by hand (their phone would not attach a photo it does not hold) and uploaded as
    // theirs: the photo belongs to the report that named it first, so that opens nothing.
    let me = neighbour.identity().expect("id").expect("identity").member_id;
    let forged_id = DocId::random();
    let mut forged = jinlin_model::docs::report::create(
        forged_id,
        p.group,
        "Same leak, see photo",
        &Place::default(),
        std::slice::from_ref(&hash),
        jinlin_model::docs::request::Actor {
            id: me,
            name: "Resident Sun",
        },
        0,
    )
    .expect("a report naming the photo");
    let changes = forged
        .get_changes(&[])
        .into_iter()
        .map(|c| serde_bytes::ByteBuf::from(c.raw_bytes().to_vec()))
        .collect();
    let (answer, _, _) = neighbour
        .client()
        .exchange(&jinlin_model::protocol::SyncRequest {
            version: jinlin_model::protocol::PROTOCOL_VERSION,
            cursors: Vec::new(),
            docs: vec![jinlin_model::protocol::DocChanges {
                doc_id: forged_id,
                doc_type: DocKind::Report,
                group_id: p.group,
                changes,
                saved: None,
            }],
            accept_saved: false,
            signatures: Vec::new(),
        })
        .await
        .expect("upload");
    assert_eq!(answer.acks[0].result, jinlin_model::protocol::AckResult::Stored);
    assert_eq!(
        get(&p.relay, &neighbour, p.group, &hash).await,
        never,
        "knowing a photo's hash is not enough to read it"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relay_upgraded_from_before_the_photo_rule_reads_which_documents_name_each_photo_on_start() {
    let p = patch().await;
    if p.relay.on_postgres() {
        // An SQLite file from an older relay; a PostgreSQL database never had that schema.
        eprintln!("the relay is on PostgreSQL: no older SQLite file to upgrade");
        return;
    }
    let own = leader(&p.relay, &p.staff, p.group, "Leader Qian", "3").await;
    let other = leader(&p.relay, &p.staff, p.group, "Leader Wu", "5").await;
    let (_, hash, bytes) = visit_photo(&p.worker, p.group).await;

    // The database as a relay of schema version 4 left it: no record of who names what.
    let relay = p
        .relay
        .restart_after(|dir| {
            let db = rusqlite::Connection::open(dir.join(jinlin_relay::DB_FILE)).expect("open");
            // Later migrations' additions go too.
            db.execute_batch(
                "DROP INDEX alerts_by_reader; ALTER TABLE alerts DROP COLUMN signed_up_at;
                 ALTER TABLE invites DROP COLUMN building;
                 DROP TABLE blob_refs; DROP TABLE pending_work; DROP TABLE pairings; DROP TABLE secret_ballots;
                 DROP TABLE desk_pairings; DROP TABLE desk_sessions;
                 DROP TABLE relay_key; DROP TABLE device_keys;
                 ALTER TABLE member_settings DROP COLUMN language;
                 PRAGMA user_version = 4;",
            )
            .expect("downgrade");
        })
        .await;
    let (status, body) = get(&relay, &own, p.group, &hash).await;
    assert_eq!(
        (status, body.into_bytes()),
        (200, bytes),
        "the household's leader still reads it"
    );
    assert_eq!(get(&relay, &other, p.group, &hash).await.0, 404);
}
