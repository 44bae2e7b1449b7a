//! The local store: durable, compacting, listing from query tables, and honest about damage.

use std::sync::Arc;

use jinlin_core::store::docs::COMPACT_EVERY;
use jinlin_core::{Device, Error, GroupKind, NewRequest, RequestFilter, RequestKind, Status};

use crate::support::{MiniRelay, clock, device, hospital_ride};

#[test]
fn everything_acknowledged_is_there_after_reopening_the_store() {
    let c = clock();
    let mei = device("Mei", "3", &c);
    let group = mei.create_group("Block 3", GroupKind::Building, None).expect("group");
    let req = mei.raise(hospital_ride(group, 2)).expect("raise");
    mei.comment(req, "I am at the east gate").expect("comment");
    let before = mei.request(req).expect("view");
    let path = mei.store().path().to_path_buf();
    let dir = mei.dir.path().to_path_buf();
    drop(mei.device);

    let reopened = Device::open_with_clock(&path, Arc::new(c.clone())).expect("reopen");
    assert_eq!(reopened.request(req).expect("view"), before);
    assert_eq!(reopened.identity().expect("id").expect("some").name, "Mei");
    assert_eq!(
        reopened.unsynced_docs().expect("unsynced").len(),
        2,
        "the group and the request still wait for sync"
    );
    assert!(dir.exists());
}

#[test]
fn a_corrupted_database_file_gives_a_clear_error() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("jinlin.db");
    std::fs::write(
        &path,
        b"this is not a database, it is a shopping list: eggs, rice, tea".repeat(100),
    )
    .expect("write");
    let err = Device::open(&path).expect_err("must refuse");
    assert!(matches!(err, Error::CorruptStore { .. }), "{err:?}");
    assert!(err.to_string().contains("damaged or is not a Jinlin store"), "{err}");
}

#[test]
fn a_store_from_a_newer_app_version_is_refused_not_damaged() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("jinlin.db");
    drop(Device::open(&path).expect("create"));
    let conn = rusqlite::Connection::open(&path).expect("raw");
    conn.pragma_update(None, "user_version", 99).expect("bump");
    drop(conn);
    let err = Device::open(&path).expect_err("newer");
    assert!(matches!(err, Error::NewerStore { found: 99, .. }), "{err:?}");
}

#[test]
fn many_small_changes_compact_without_losing_any() {
    let c = clock();
    let mei = device("Mei", "3", &c);
    let group = mei.create_group("Block 3", GroupKind::Building, None).expect("group");
    let req = mei.raise(hospital_ride(group, 1)).expect("raise");
    let n = COMPACT_EVERY as usize * 2 + 3;
    for i in 0..n {
        c.advance(1000);
        mei.comment(req, &format!("update {i}")).expect("comment");
    }
    let path = mei.store().path().to_path_buf();
    drop(mei.device);
    let reopened = Device::open(&path).expect("reopen");
    let comments = reopened.request(req).expect("r").comments;
    assert_eq!(comments.len(), n);
    assert_eq!(
        comments.last().map(|c| c.text.as_str()),
        Some(format!("update {}", n - 1).as_str())
    );
    let chunks: i64 = reopened
        .store()
        .read(|c| Ok(c.query_row("SELECT count(*) FROM doc_chunks", [], |r| r.get(0))?))
        .expect("count");
    assert!(
        chunks < COMPACT_EVERY,
        "chunks are folded into the snapshot ({chunks} left)"
    );
}

#[test]
fn the_store_knows_which_documents_changed_since_the_last_sync() {
    let c = clock();
    let (mei, li) = (device("Mei", "3", &c), device("Li", "3", &c));
    let group = mei.create_group("Block 3", GroupKind::Building, None).expect("group");
    let req = mei.raise(hospital_ride(group, 1)).expect("raise");
    assert_eq!(mei.unsynced_docs().expect("u").len(), 2);
    let mut relay = MiniRelay::default();
    relay.sync_all(&[&mei, &li]);
    assert!(mei.unsynced_docs().expect("u").is_empty());
    assert!(
        li.unsynced_docs().expect("u").is_empty(),
        "received documents are not re-sent"
    );
    mei.comment(req, "still waiting").expect("comment");
    assert_eq!(mei.unsynced_docs().expect("u"), vec![req]);
}

#[test]
fn the_list_shows_urgent_first_then_my_building_then_my_estate_then_the_community() {
    let c = clock();
    let me = device("Me", "3", &c);
    let community = me.create_group("Lianhua", GroupKind::Community, None).expect("c");
    let estate = me
        .create_group("Garden Estate", GroupKind::Estate, Some(community))
        .expect("e");
    let other_estate = me
        .create_group("River Estate", GroupKind::Estate, Some(community))
        .expect("e2");
    let building = me
        .create_group("Block 3", GroupKind::Building, Some(estate))
        .expect("b");

    let raise = |group, text: &str, urgent: bool, building: &str| {
        c.advance(1000);
        let mut r = NewRequest::new(group, RequestKind::Errand, text);
        r.urgent = urgent;
        r.place.building = Some(building.into());
        me.raise(r).expect("raise")
    };
    let far = raise(other_estate, "far errand", false, "12");
    let estate_req = raise(estate, "estate errand", false, "7");
    let mine = raise(building, "my building errand", false, "3");
    let far_urgent = raise(other_estate, "far urgent", true, "12");
    let urgent_mine = raise(building, "urgent in my building", true, "3");

    let order: Vec<_> = me
        .list_requests(&RequestFilter::default())
        .expect("list")
        .iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(order, vec![urgent_mine, far_urgent, mine, estate_req, far]);

    let in_estate: Vec<_> = me
        .list_requests(&RequestFilter {
            group: Some(estate),
            status: None,
        })
        .expect("list")
        .iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(
        in_estate,
        vec![urgent_mine, mine, estate_req],
        "a group lists the groups inside it too"
    );

    me.cancel(far).expect("cancel");
    let open = me
        .list_requests(&RequestFilter {
            group: None,
            status: Some(Status::Open),
        })
        .expect("list");
    assert_eq!(open.len(), 4);
    assert!(open.iter().all(|r| r.status == Status::Open));
}
