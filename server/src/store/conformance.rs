//! The storage trait's conformance suite: one set of tests, written once against
//! `&dyn RelayStore`, run on every engine by [`conformance_suite!`] (instantiated below for SQLite
//! and PostgreSQL). It covers every method of [`RelayStore`] and [`AlertStore`], that a `write`
//! failing half way leaves nothing, and the feed's order: positions strictly increasing per
//! group, given in commit order (a reader paging by position never misses a change), never
//! reused. A method added to the trait gets its test here, and each engine then has to pass it.
//!
//! The PostgreSQL half needs a server: `JINLIN_TEST_DATABASE_URL` (scripts/with-postgres.sh
//! starts one). Without it those tests say so and pass, unless `JINLIN_REQUIRE_POSTGRES` is set
//! (as the test script does), when they fail.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use jinlin_model::dispatch::{Dispatch, QuietHours};
use jinlin_model::protocol::{Membership, PushKind};
use jinlin_model::{DocId, DocKind, GroupKind, MemberId, Role};

use super::{
    AlertRow, DeviceRecord, DispatchWrite, DocRecord, GroupRecord, InviteRecord, MemberSettings, NewChange,
    ReceiptCounts, RelayStore, StoreStats, StoredDispatch, Write,
};

/// A fresh, empty store of one engine, and what keeps it alive.
pub(super) struct Fixture {
    pub(super) store: Box<dyn RelayStore>,
    _dir: Option<tempfile::TempDir>,
}

/// A fresh SQLite store in a temporary directory.
pub(super) fn sqlite() -> Option<Fixture> {
    let dir = tempfile::tempdir().expect("temporary directory");
    let store = super::SqliteStore::open(dir.path().join("relay.db")).expect("open SQLite store");
    Some(Fixture {
        store: Box::new(store),
        _dir: Some(dir),
    })
}

/// A fresh PostgreSQL store in a schema of its own, or `None` (the test then passes, saying
/// why) when no server was given and none is required.
pub(super) fn postgres() -> Option<Fixture> {
    let url = postgres_schema()?;
    let store = super::PostgresStore::open(&url).expect("open PostgreSQL store");
    Some(Fixture {
        store: Box::new(store),
        _dir: None,
    })
}

/// The URL of a fresh, empty schema of the test server's database, or `None` (the test then
/// passes, saying why) when no server was given and none is required.
pub(super) fn postgres_schema() -> Option<super::DatabaseUrl> {
    let Some(url) = std::env::var_os("JINLIN_TEST_DATABASE_URL") else {
        assert!(
            std::env::var_os("JINLIN_REQUIRE_POSTGRES").is_none(),
            "JINLIN_REQUIRE_POSTGRES is set but JINLIN_TEST_DATABASE_URL is not"
        );
        eprintln!("no JINLIN_TEST_DATABASE_URL: the PostgreSQL store is not tested");
        return None;
    };
    let url = super::DatabaseUrl::new(url.to_string_lossy());
    let schema = format!("conformance_{}", uuid_hex());
    Some(url.create_schema(&schema).expect("create a schema"))
}

fn uuid_hex() -> String {
    DocId::random().as_bytes().iter().map(|b| format!("{b:02x}")).collect()
}

/// Instantiates every conformance test for the engine `$open` makes (a `fn() -> Option<Fixture>`).
macro_rules! conformance_suite {
    ($open:path) => {
        conformance_suite!(@tests $open,
            devices_are_found_by_token_and_id_and_a_revoked_one_stays_cut_off,
            groups_form_a_tree_and_memberships_list_in_joining_order,
            invites_are_found_by_code_and_replaced_in_place,
            a_document_rebuilds_from_its_snapshot_and_the_changes_after_it,
            feed_positions_increase_per_group_and_are_never_reused,
            an_unsynced_commit_is_seen_at_once_numbered_in_order_and_synced_with_the_log,
            concurrent_writers_commit_feed_positions_in_order_so_a_reader_misses_nothing,
            a_write_that_fails_half_way_leaves_nothing,
            attachments_list_the_documents_naming_them_in_first_naming_order,
            pending_work_is_done_once,
            a_checkpoint_leaves_nothing_outstanding,
            alert_settings_default_and_replace,
            a_dispatch_keeps_its_alerts_receipts_declines_and_readers,
            pairings_are_kept_whole_and_saved_again_in_place,
            a_secret_ballot_replaces_its_units_earlier_one_never_a_later_one,
            a_dashboard_pairing_is_answered_once_and_claimed_once_into_a_session,
            the_relays_key_is_made_once_and_a_devices_key_is_set_once,
        );
    };
    (@tests $open:path, $($name:ident),+ $(,)?) => {
        $(
            #[test]
            fn $name() {
                if let Some(fixture) = $open() {
                    $crate::store::conformance::$name(&*fixture.store);
                }
            }
        )+
    };
}

mod sqlite {
    conformance_suite!(super::sqlite);
}

mod postgres {
    conformance_suite!(super::postgres);
}

/// The neighbourhood the tests use: a community, an estate, two buildings.
struct Tree {
    community: GroupRecord,
    estate: GroupRecord,
    building_a: GroupRecord,
    building_b: GroupRecord,
}

impl Tree {
    fn new(maker: MemberId) -> Tree {
        let group = |kind, parent: Option<&GroupRecord>, at| GroupRecord {
            id: DocId::random(),
            kind,
            parent: parent.map(|p| p.id),
            created_by: maker,
            created_at: at,
        };
        let community = group(GroupKind::Community, None, 100);
        let estate = group(GroupKind::Estate, Some(&community), 200);
        let building_a = group(GroupKind::Building, Some(&estate), 300);
        let building_b = group(GroupKind::Building, Some(&estate), 400);
        Tree {
            community,
            estate,
            building_a,
            building_b,
        }
    }

    fn all(&self) -> [GroupRecord; 4] {
        [self.community, self.estate, self.building_a, self.building_b]
    }

    fn put(&self, store: &dyn RelayStore) {
        let writes: Vec<Write> = self.all().into_iter().map(Write::PutGroup).collect();
        store.write(&writes).expect("groups");
    }
}

fn device(member: MemberId, token: u8, name: &str) -> DeviceRecord {
    DeviceRecord {
        member_id: member,
        name: name.into(),
        token_hash: [token; 32],
        created_at: 1_000,
        revoked_at: None,
        revoked_by: None,
    }
}

fn doc(doc_type: DocKind, group: DocId, created_at: i64) -> DocRecord {
    DocRecord {
        id: DocId::random(),
        doc_type,
        group_id: group,
        created_at,
    }
}

fn change(doc: &DocRecord, hash: u8, bytes: &[u8]) -> Write {
    Write::AppendChange(NewChange {
        doc_id: doc.id,
        group_id: doc.group_id,
        hash: [hash; 32],
        bytes: bytes.to_vec(),
    })
}

fn join(member: MemberId, group: DocId, role: Role, at: i64) -> Write {
    Write::PutMembership {
        member,
        membership: Membership { group_id: group, role },
        at,
    }
}

pub(super) fn devices_are_found_by_token_and_id_and_a_revoked_one_stays_cut_off(store: &dyn RelayStore) {
    let (li, staff) = (MemberId::random(), MemberId::random());
    let phone = device(li, 1, "Li");
    store
        .write(&[
            Write::PutDevice(phone.clone()),
            Write::PutDevice(device(staff, 2, "Ms Sun")),
        ])
        .expect("register");
    assert_eq!(store.device_by_token(&[1; 32]).expect("by token"), Some(phone.clone()));
    assert_eq!(store.device(li).expect("by id"), Some(phone.clone()));
    assert_eq!(store.device_by_token(&[9; 32]).expect("unknown token"), None);
    assert_eq!(store.device(MemberId::random()).expect("unknown id"), None);

    let renamed = DeviceRecord {
        name: "Li (new phone)".into(),
        ..phone.clone()
    };
    store.write(&[Write::PutDevice(renamed.clone())]).expect("replace");
    assert_eq!(store.device(li).expect("by id"), Some(renamed.clone()));
    assert_eq!(
        store.device_by_token(&[1; 32]).expect("by token"),
        Some(renamed.clone()),
        "a device read by its token before is read anew once changed"
    );

    let mut settings = MemberSettings::default_for(li);
    settings.push = Some((PushKind::Fcm, "old-token".into()));
    store.put_member_settings(&settings).expect("settings");
    assert!(
        !store.forget_push(li, PushKind::Fcm, "older-token").expect("forget"),
        "a token the phone no longer has forgets nothing"
    );
    assert!(store.forget_push(li, PushKind::Fcm, "old-token").expect("forget"));
    assert_eq!(store.member_settings(li).expect("settings").push, None);
    settings.push = Some((PushKind::Fcm, "fcm-token".into()));
    store.put_member_settings(&settings).expect("settings");
    let revoke = |at| Write::RevokeDevice {
        member: li,
        by: staff,
        at,
    };
    store.write(&[revoke(5_000)]).expect("revoke");
    store.write(&[revoke(9_000)]).expect("revoking again is a no-op");
    let revoked = store.device(li).expect("by id").expect("the row stays");
    assert_eq!((revoked.revoked_at, revoked.revoked_by), (Some(5_000), Some(staff)));
    assert!(!revoked.is_active());
    assert_eq!(
        store.device_by_token(&[1; 32]).expect("by token"),
        Some(revoked.clone()),
        "the revoked token is cut off at once, though it was read while active"
    );
    assert!(
        store.known_device(&[1; 32]).is_none_or(|d| !d.is_active()),
        "nothing in memory still opens the door"
    );
    assert_eq!(
        store.member_settings(li).expect("settings").push,
        None,
        "nothing more is pushed to a revoked phone"
    );
    let stats = store.stats().expect("stats");
    assert_eq!((stats.devices, stats.revoked_devices), (2, 1));

    // The staff member's phone registers again with a new token: the old one opens nothing.
    assert!(store.device_by_token(&[2; 32]).expect("by token").is_some());
    store
        .write(&[Write::PutDevice(device(staff, 3, "Ms Sun"))])
        .expect("new token");
    assert_eq!(store.device_by_token(&[2; 32]).expect("old token"), None);
    assert!(store.known_device(&[2; 32]).is_none());
    assert_eq!(
        store.device_by_token(&[3; 32]).expect("new token").map(|d| d.member_id),
        Some(staff)
    );
}

pub(super) fn groups_form_a_tree_and_memberships_list_in_joining_order(store: &dyn RelayStore) {
    let (maker, neighbour) = (MemberId::random(), MemberId::random());
    let tree = Tree::new(maker);
    tree.put(store);
    let mut groups = store.groups().expect("groups");
    groups.sort_by_key(|g| g.created_at);
    assert_eq!(groups, tree.all().to_vec());
    assert_eq!(groups[2].node().parent, Some(tree.estate.id));
    assert!(
        store.write(&[Write::PutGroup(tree.estate)]).is_err(),
        "a group is inserted once"
    );

    store
        .write(&[
            Write::PutDevice(device(maker, 1, "Gao")),
            Write::PutDevice(device(neighbour, 2, "Chen")),
            join(maker, tree.building_a.id, Role::Resident, 10),
            join(maker, tree.community.id, Role::Volunteer, 20),
            join(neighbour, tree.building_a.id, Role::Resident, 30),
            join(neighbour, tree.building_b.id, Role::Resident, 40),
        ])
        .expect("join");
    let joined = |m| -> Vec<(DocId, Role)> {
        store
            .memberships(m)
            .expect("memberships")
            .into_iter()
            .map(|x| (x.group_id, x.role))
            .collect()
    };
    assert_eq!(
        joined(maker),
        vec![
            (tree.building_a.id, Role::Resident),
            (tree.community.id, Role::Volunteer)
        ]
    );
    store
        .write(&[join(maker, tree.building_a.id, Role::BuildingLeader, 50)])
        .expect("new role");
    assert_eq!(
        joined(maker),
        vec![
            (tree.building_a.id, Role::BuildingLeader),
            (tree.community.id, Role::Volunteer)
        ],
        "a new role keeps the membership's place"
    );
    assert_eq!(store.memberships(MemberId::random()).expect("nobody"), vec![]);

    let members =
        |g: DocId| -> BTreeSet<(MemberId, Role)> { store.group_members(g).expect("members").into_iter().collect() };
    assert_eq!(
        members(tree.building_a.id),
        BTreeSet::from([(maker, Role::BuildingLeader), (neighbour, Role::Resident)])
    );
    assert_eq!(members(tree.estate.id), BTreeSet::new(), "only direct members");
    store
        .write(&[Write::RevokeDevice {
            member: neighbour,
            by: neighbour,
            at: 60,
        }])
        .expect("sign out");
    assert_eq!(
        members(tree.building_a.id),
        BTreeSet::from([(maker, Role::BuildingLeader)]),
        "a signed-out phone is nobody to alert"
    );

    assert_eq!(store.made_since(maker, 0).expect("made"), (4, 0));
    assert_eq!(store.made_since(maker, 300).expect("made"), (2, 0));
    assert_eq!(store.made_since(neighbour, 0).expect("made"), (0, 0));
    assert_eq!(store.stats().expect("stats").groups, 4);
}

pub(super) fn invites_are_found_by_code_and_replaced_in_place(store: &dyn RelayStore) {
    let maker = MemberId::random();
    let tree = Tree::new(maker);
    tree.put(store);
    let invite = InviteRecord {
        code_hash: [7; 32],
        group_id: tree.estate.id,
        role: Role::BuildingLeader,
        uses_left: 3,
        expires_at: 90_000,
        created_by: maker,
        created_at: 500,
        revoked_at: None,
        building: Some("B".into()),
    };
    store.write(&[Write::PutInvite(invite.clone())]).expect("invite");
    assert_eq!(store.invite(&[7; 32]).expect("invite"), Some(invite.clone()));
    assert_eq!(store.invite(&[8; 32]).expect("unknown"), None);
    let used = InviteRecord {
        uses_left: 2,
        revoked_at: Some(600),
        ..invite
    };
    store.write(&[Write::PutInvite(used.clone())]).expect("redeemed");
    assert_eq!(store.invite(&[7; 32]).expect("invite"), Some(used));
    assert_eq!(store.made_since(maker, 500).expect("made"), (0, 1));
    assert_eq!(store.made_since(maker, 501).expect("made"), (0, 0));
}

pub(super) fn a_document_rebuilds_from_its_snapshot_and_the_changes_after_it(store: &dyn RelayStore) {
    let tree = Tree::new(MemberId::random());
    tree.put(store);
    let household = doc(DocKind::Household, tree.building_a.id, 1);
    assert_eq!(store.doc(household.id).expect("doc"), None);
    assert_eq!(store.load_doc(household.id).expect("load"), None);
    let seqs = store
        .write(&[
            Write::PutDoc(household.clone()),
            change(&household, 1, b"one"),
            change(&household, 2, b"two"),
            change(&household, 3, b"three"),
        ])
        .expect("write");
    assert_eq!(seqs.len(), 3);
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "{seqs:?}");
    assert_eq!(store.doc(household.id).expect("doc"), Some(household.clone()));
    let loaded = store.load_doc(household.id).expect("load").expect("doc");
    assert_eq!(loaded.snapshot, None);
    assert_eq!(
        loaded.changes,
        vec![b"one".to_vec(), b"two".to_vec(), b"three".to_vec()]
    );

    let at = |bytes: &[u8], seq| Write::SnapshotAt {
        doc_id: household.id,
        bytes: bytes.to_vec(),
        seq,
    };
    store.write(&[at(b"up to two", seqs[1])]).expect("kept");
    assert_eq!(
        store.snapshot(household.id).expect("snapshot"),
        Some((b"up to two".to_vec(), seqs[1]))
    );
    store.write(&[at(b"up to one", seqs[0])]).expect("older");
    assert_eq!(
        store.snapshot(household.id).expect("snapshot"),
        Some((b"up to two".to_vec(), seqs[1])),
        "an older saved form never replaces a newer one"
    );
    let loaded = store.load_doc(household.id).expect("load").expect("doc");
    assert_eq!(loaded.snapshot.as_deref(), Some(&b"up to two"[..]));
    assert_eq!(loaded.changes, vec![b"three".to_vec()], "only what follows is replayed");

    assert_eq!(store.doc_bytes(household.id, seqs[1]).expect("bytes"), 6);
    assert_eq!(store.doc_bytes(household.id, u64::MAX).expect("bytes"), 11);
    let entries = store.doc_entries(household.id, seqs[0], seqs[2]).expect("entries");
    assert_eq!(
        entries
            .iter()
            .map(|e| (e.seq, e.hash[0], e.bytes.clone()))
            .collect::<Vec<_>>(),
        vec![(seqs[1], 2, b"two".to_vec()), (seqs[2], 3, b"three".to_vec())]
    );
    let page = store.feed_page(tree.building_a.id, seqs[0], 1).expect("page");
    assert_eq!(page.len(), 1);
    assert_eq!(
        (
            page[0].seq,
            page[0].doc_id,
            page[0].doc_type,
            page[0].hash,
            page[0].first_seq
        ),
        (seqs[1], household.id, DocKind::Household, [2; 32], seqs[0])
    );
    assert_eq!(page[0].bytes, b"two");
    assert_eq!(store.feed_head(tree.building_a.id).expect("head"), seqs[2]);

    store
        .write(&[Write::Snapshot {
            doc_id: household.id,
            bytes: b"everything".to_vec(),
        }])
        .expect("snapshot");
    assert_eq!(
        store.snapshot(household.id).expect("snapshot"),
        Some((b"everything".to_vec(), seqs[2]))
    );
    let loaded = store.load_doc(household.id).expect("load").expect("doc");
    assert_eq!(
        (loaded.snapshot.as_deref(), loaded.changes.len()),
        (Some(&b"everything"[..]), 0)
    );

    let requests: Vec<DocRecord> = (0..3).map(|i| doc(DocKind::Request, tree.building_b.id, i)).collect();
    let writes: Vec<Write> = requests.iter().cloned().map(Write::PutDoc).collect();
    store.write(&writes).expect("requests");
    let mut ids: Vec<DocId> = requests.iter().map(|d| d.id).collect();
    ids.sort_by_key(|id| id.to_string());
    assert_eq!(store.docs_of_type(DocKind::Request).expect("requests"), ids);
    assert_eq!(
        store.docs_of_type(DocKind::Household).expect("households"),
        vec![household.id]
    );
    assert_eq!(store.docs_of_type(DocKind::Report).expect("reports"), vec![]);
    let stats = store.stats().expect("stats");
    assert_eq!((stats.documents, stats.changes), (4, 3));
}

pub(super) fn an_unsynced_commit_is_seen_at_once_numbered_in_order_and_synced_with_the_log(store: &dyn RelayStore) {
    let tree = Tree::new(MemberId::random());
    tree.put(store);
    let request = doc(DocKind::Request, tree.building_a.id, 1);
    store.write(&[Write::PutDoc(request.clone())]).expect("doc");
    let first = store.write_unsynced(&[change(&request, 1, b"one")]).expect("unsynced");
    let second = store.write(&[change(&request, 2, b"two")]).expect("synced");
    let third = store
        .write_unsynced(&[change(&request, 3, b"three")])
        .expect("unsynced");
    assert!(
        first[0] < second[0] && second[0] < third[0],
        "{first:?} {second:?} {third:?}"
    );
    let seen: Vec<u64> = store
        .feed_page(tree.building_a.id, 0, 10)
        .expect("page")
        .iter()
        .map(|e| e.seq)
        .collect();
    assert_eq!(
        seen,
        vec![first[0], second[0], third[0]],
        "readers see unsynced commits at once"
    );
    store.sync_log().expect("sync the log");
    assert!(
        store.write_unsynced(&[change(&request, 1, b"one again")]).is_err(),
        "an unsynced write keeps the same rules: a document holds a change once"
    );
}

pub(super) fn feed_positions_increase_per_group_and_are_never_reused(store: &dyn RelayStore) {
    let tree = Tree::new(MemberId::random());
    tree.put(store);
    let in_a = doc(DocKind::Household, tree.building_a.id, 1);
    let in_b = doc(DocKind::Household, tree.building_b.id, 1);
    store
        .write(&[Write::PutDoc(in_a.clone()), Write::PutDoc(in_b.clone())])
        .expect("docs");
    let mut given = Vec::new();
    for i in 0..6u8 {
        let target = if i % 2 == 0 { &in_a } else { &in_b };
        given.extend(store.write(&[change(target, i, &[i])]).expect("append"));
    }
    assert!(
        store.write(&[change(&in_a, 0, b"the same change again")]).is_err(),
        "a document holds a change once"
    );
    given.extend(store.write(&[change(&in_a, 6, &[6])]).expect("append after a failure"));
    assert!(
        given.windows(2).all(|w| w[0] < w[1]),
        "positions increase in commit order, and a failed write's are never seen: {given:?}"
    );
    let all = |g: DocId| -> Vec<u64> {
        store
            .feed_page(g, 0, 100)
            .expect("page")
            .iter()
            .map(|e| e.seq)
            .collect()
    };
    let (a, b) = (all(tree.building_a.id), all(tree.building_b.id));
    assert_eq!(a, vec![given[0], given[2], given[4], given[6]]);
    assert_eq!(b, vec![given[1], given[3], given[5]]);
    assert_eq!(
        all(tree.estate.id),
        Vec::<u64>::new(),
        "a group's feed holds its own changes only"
    );
    assert_eq!(store.feed_head(tree.building_b.id).expect("head"), given[5]);
    assert_eq!(store.feed_head(tree.estate.id).expect("empty head"), 0);
    // Paging two at a time reads the same feed.
    let mut paged = Vec::new();
    let mut after = 0;
    loop {
        let page = store.feed_page(tree.building_a.id, after, 2).expect("page");
        let Some(last) = page.last() else { break };
        after = last.seq;
        paged.extend(page.iter().map(|e| e.seq));
    }
    assert_eq!(paged, a);
}

pub(super) fn concurrent_writers_commit_feed_positions_in_order_so_a_reader_misses_nothing(store: &dyn RelayStore) {
    const WRITERS: u8 = 4;
    const EACH: u8 = 40;
    let tree = Tree::new(MemberId::random());
    tree.put(store);
    let group = tree.building_a.id;
    let expected = usize::from(WRITERS) * usize::from(EACH);
    let done = AtomicBool::new(false);
    let (given, seen) = std::thread::scope(|s| {
        let writers: Vec<_> = (0..WRITERS)
            .map(|w| {
                s.spawn(move || {
                    let mut given = Vec::new();
                    for i in 0..EACH {
                        let d = doc(DocKind::Request, group, i64::from(i));
                        let seqs = store
                            .write(&[Write::PutDoc(d.clone()), change(&d, w, &[w, i])])
                            .expect("write");
                        given.extend(seqs);
                    }
                    given
                })
            })
            .collect();
        // A device following the feed: it asks for what follows the last position it has,
        // until the writers are done and it has caught up.
        let done = &done;
        let reader = s.spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(60);
            let mut seen = Vec::new();
            let mut after = 0;
            while seen.len() < expected && Instant::now() < deadline {
                let finished = done.load(Ordering::SeqCst);
                let page = store.feed_page(group, after, 1_000).expect("page");
                if page.is_empty() && finished {
                    break;
                }
                for entry in page {
                    seen.push(entry.seq);
                    after = entry.seq;
                }
            }
            seen
        });
        let given: Vec<u64> = writers.into_iter().flat_map(|w| w.join().expect("writer")).collect();
        done.store(true, Ordering::SeqCst);
        (given, reader.join().expect("reader"))
    });
    assert_eq!(
        given.iter().collect::<BTreeSet<_>>().len(),
        expected,
        "no position given twice"
    );
    assert!(
        seen.windows(2).all(|w| w[0] < w[1]),
        "the reader saw positions in order"
    );
    assert_eq!(
        seen.iter().collect::<BTreeSet<_>>(),
        given.iter().collect::<BTreeSet<_>>(),
        "a reader paging by position saw every committed change"
    );
}

pub(super) fn a_write_that_fails_half_way_leaves_nothing(store: &dyn RelayStore) {
    let maker = MemberId::random();
    let tree = Tree::new(maker);
    let request = doc(DocKind::Request, tree.building_a.id, 1);
    let invite = InviteRecord {
        code_hash: [3; 32],
        group_id: tree.building_a.id,
        role: Role::Resident,
        uses_left: 1,
        expires_at: 10,
        created_by: maker,
        created_at: 1,
        revoked_at: None,
        building: None,
    };
    let mut writes = vec![Write::PutDevice(device(maker, 1, "Gao"))];
    writes.extend(tree.all().map(Write::PutGroup));
    writes.extend([
        join(maker, tree.building_a.id, Role::Resident, 1),
        Write::PutInvite(invite),
        Write::PutDoc(request.clone()),
        change(&request, 1, b"asked"),
        Write::SaveDispatch(Box::new(step(&request, vec![maker], None, vec![], false))),
        Write::BlobRef {
            hash: "ab".repeat(32),
            doc_id: request.id,
        },
        Write::Done("blob_refs".into()),
        Write::SnapshotAt {
            doc_id: request.id,
            bytes: b"saved".to_vec(),
            seq: 1,
        },
        // The same document again: the write fails here, after everything above.
        Write::PutDoc(request.clone()),
    ]);
    assert!(store.write(&writes).is_err());
    assert_eq!(store.device(maker).expect("device"), None);
    assert_eq!(store.groups().expect("groups"), vec![]);
    assert_eq!(store.memberships(maker).expect("memberships"), vec![]);
    assert_eq!(store.invite(&[3; 32]).expect("invite"), None);
    assert_eq!(store.doc(request.id).expect("doc"), None);
    assert_eq!(store.feed_head(tree.building_a.id).expect("head"), 0);
    assert!(!store.has_dispatch(request.id).expect("dispatch"));
    assert!(!store.was_alerted(request.id, maker).expect("alert"));
    assert_eq!(store.blob_refs(&"ab".repeat(32)).expect("refs"), vec![]);
    assert!(store.pending("blob_refs").expect("pending"), "the work is still to do");
    assert_eq!(store.stats().expect("stats"), StoreStats::default());

    writes.pop();
    let seqs = store.write(&writes).expect("the same write without the failure");
    assert_eq!(seqs.len(), 1);
    assert_eq!(store.feed_head(tree.building_a.id).expect("head"), seqs[0]);
    assert!(store.has_dispatch(request.id).expect("dispatch"));
    assert!(!store.pending("blob_refs").expect("pending"));
}

pub(super) fn attachments_list_the_documents_naming_them_in_first_naming_order(store: &dyn RelayStore) {
    let tree = Tree::new(MemberId::random());
    let report = doc(DocKind::Report, tree.building_a.id, 1);
    let household = doc(DocKind::Household, tree.building_a.id, 2);
    let photo = "0f".repeat(32);
    let name = |d: &DocRecord| Write::BlobRef {
        hash: photo.clone(),
        doc_id: d.id,
    };
    store
        .write(&[
            Write::PutDoc(report.clone()),
            Write::PutDoc(household.clone()),
            name(&report),
        ])
        .expect("first naming");
    store.write(&[name(&household), name(&report)]).expect("named again");
    assert_eq!(
        store.blob_refs(&photo).expect("refs"),
        vec![report.id, household.id],
        "the first to name it owns it, and naming again adds nothing"
    );
    assert_eq!(store.blob_refs(&"11".repeat(32)).expect("refs"), vec![]);
}

pub(super) fn pending_work_is_done_once(store: &dyn RelayStore) {
    assert!(
        store.pending("blob_refs").expect("pending"),
        "a new store owes the attachment backfill"
    );
    assert!(!store.pending("something else").expect("pending"));
    store.write(&[Write::Done("blob_refs".into())]).expect("done");
    assert!(!store.pending("blob_refs").expect("pending"));
    store
        .write(&[Write::Done("blob_refs".into())])
        .expect("done again is a no-op");
}

pub(super) fn a_checkpoint_leaves_nothing_outstanding(store: &dyn RelayStore) {
    let d = doc(DocKind::Request, DocId::random(), 1);
    store
        .write(&[Write::PutDoc(d.clone()), change(&d, 1, b"x")])
        .expect("write");
    assert!(store.checkpoint(false).expect("checkpoint").complete);
    let last = store.checkpoint(true).expect("at shutdown");
    assert!(last.complete);
    assert_eq!(last.log_pages, last.copied_pages);
    assert_eq!(store.load_doc(d.id).expect("load").expect("doc").changes.len(), 1);
}

pub(super) fn alert_settings_default_and_replace(store: &dyn RelayStore) {
    let (li, wu) = (MemberId::random(), MemberId::random());
    assert_eq!(
        store.member_settings(li).expect("settings"),
        MemberSettings::default_for(li)
    );
    assert!(store.members_settings(&[li, wu]).expect("none set").is_empty());
    let set = MemberSettings {
        member: li,
        available: true,
        quiet: Some(QuietHours { start: 1_380, end: 420 }),
        medical_through: false,
        push: Some((PushKind::Webhook, "+8613800000000".into())),
        home: Some((31.2304, 121.4737)),
        language: jinlin_model::Language::En,
    };
    store.put_member_settings(&set).expect("put");
    assert_eq!(store.member_settings(li).expect("settings"), set);
    let away = MemberSettings {
        available: false,
        quiet: None,
        push: None,
        home: None,
        ..set.clone()
    };
    store.put_member_settings(&away).expect("replace");
    store
        .put_member_settings(&MemberSettings::default_for(wu))
        .expect("put");
    let elsewhere = MemberId::random();
    store
        .put_member_settings(&MemberSettings::default_for(elsewhere))
        .expect("put");
    let all = store
        .members_settings(&[li, wu, MemberId::random()])
        .expect("asked for");
    assert_eq!(all.len(), 2, "only those asked for who set something");
    assert_eq!(all.get(&li), Some(&away));
    assert_eq!(all.get(&wu), Some(&MemberSettings::default_for(wu)));
    let many: Vec<MemberId> = (0..5_000).map(|_| MemberId::random()).chain([li]).collect();
    assert_eq!(
        store.members_settings(&many).expect("many").len(),
        1,
        "a community's worth at once"
    );
}

/// A dispatch step for `request` alerting `alerted` in wave 1.
fn step(
    request: &DocRecord,
    alerted: Vec<MemberId>,
    declined: Option<MemberId>,
    readers: Vec<MemberId>,
    closed: bool,
) -> DispatchWrite {
    DispatchWrite {
        dispatch: StoredDispatch {
            group_id: request.group_id,
            dispatch: Dispatch {
                request: request.id,
                wave: 1,
                alerted: alerted.iter().copied().collect(),
                declined: declined.into_iter().collect(),
                deadline: (!closed).then_some(70_000),
                finished: closed,
            },
            closed,
            started_at: 10_000,
        },
        alerted: alerted.into_iter().map(|member| AlertRow { member, wave: 1 }).collect(),
        ended: declined.into_iter().collect(),
        declined,
        readers,
        at: 10_000,
    }
}

pub(super) fn a_dispatch_keeps_its_alerts_receipts_declines_and_readers(store: &dyn RelayStore) {
    let tree = Tree::new(MemberId::random());
    tree.put(store);
    let request = doc(DocKind::Request, tree.building_a.id, 1);
    store.write(&[Write::PutDoc(request.clone())]).expect("request");
    let (li, wu, chen) = (MemberId::random(), MemberId::random(), MemberId::random());
    assert!(!store.has_dispatch(request.id).expect("none yet"));

    let first = step(&request, vec![li, wu], None, vec![], false);
    store.save_dispatch(&first).expect("wave 1");
    assert!(store.has_dispatch(request.id).expect("started"));
    assert_eq!(store.open_dispatches().expect("open"), vec![first.dispatch.clone()]);
    assert!(store.was_alerted(request.id, li).expect("alerted"));
    assert!(!store.was_alerted(request.id, chen).expect("not alerted"));
    assert!(store.may_answer(request.id, li).expect("may answer"));
    assert!(!store.may_answer(request.id, chen).expect("never alerted"));

    assert!(store.mark_delivered(request.id, li, "push", 11_000).expect("delivered"));
    assert!(
        !store
            .mark_delivered(request.id, chen, "push", 11_000)
            .expect("no alert")
    );
    assert!(store.mark_seen(request.id, wu, 12_000).expect("seen"));
    assert!(!store.mark_seen(DocId::random(), wu, 12_000).expect("no alert"));
    store
        .mark_delivered_many(
            &[(request.id, li, "live".into()), (request.id, wu, "live".into())],
            13_000,
        )
        .expect("delivered again");
    assert_eq!(
        store.receipts(request.id).expect("receipts"),
        ReceiptCounts {
            alerted: 2,
            delivered: 2,
            seen: 1,
            declined: 0
        },
        "seeing an alert counts as its delivery"
    );

    let declined = step(&request, vec![], Some(wu), vec![li], false);
    store
        .write(&[Write::SaveDispatch(Box::new(declined.clone()))])
        .expect("a decline and a sign-up");
    assert!(!store.may_answer(request.id, wu).expect("declined"));
    assert!(store.may_answer(request.id, li).expect("still welcome"));
    assert_eq!(store.receipts(request.id).expect("receipts").declined, 1);
    assert_eq!(
        store.alert_readers().expect("readers"),
        vec![(li, request.id, tree.building_a.id)],
        "who signed up keeps reading the request"
    );
    assert_eq!(store.open_dispatches().expect("open"), vec![declined.dispatch]);

    let closed = step(&request, vec![], None, vec![], true);
    store.save_dispatch(&closed).expect("final");
    assert_eq!(store.open_dispatches().expect("open"), vec![]);
    assert!(store.has_dispatch(request.id).expect("it was started"));
    assert_eq!(store.receipts(DocId::random()).expect("none"), ReceiptCounts::default());
}

pub(super) fn pairings_are_kept_whole_and_saved_again_in_place(store: &dyn RelayStore) {
    use jinlin_model::checkin::pairing::{NewPairing, PairedNeighbour, Pairing};
    use jinlin_model::checkin::wire::PairingView;

    assert!(store.pairings().expect("pairings").is_empty());
    let tree = Tree::new(MemberId::random());
    let (worker, wang, li) = (MemberId::random(), MemberId::random(), MemberId::random());
    let new = NewPairing {
        group_id: tree.building_a.id,
        person: Some(wang),
        proxy: None,
        household: None,
        name: "Grandma Wang".into(),
        building: "3".into(),
        unit: Some("1202".into()),
        neighbours: vec![PairedNeighbour {
            member: li,
            name: "Li".into(),
            phone: Some("138 0000 0000".into()),
            language: jinlin_model::sms::SmsLanguage::ZhHans,
        }],
        deadline: "10:00".into(),
        grace_minutes: Some(30),
        wait_minutes: Some(15),
    };
    let pairing = Pairing::create(DocId::random(), &new, worker, 1_000).expect("pairing");
    let mut view = PairingView {
        pairing,
        next_judgement: 5_000,
        watch: None,
        past: Vec::new(),
    };
    store.save_pairings(std::slice::from_ref(&view), &[]).expect("save");
    view.next_judgement = 9_000;
    let other = PairingView {
        pairing: Pairing::create(DocId::random(), &new, worker, 2_000).expect("pairing"),
        next_judgement: 7_000,
        watch: None,
        past: Vec::new(),
    };
    store
        .save_pairings(&[view.clone(), other.clone()], &[])
        .expect("save both");
    let mut held = store.pairings().expect("pairings");
    held.sort_by_key(|v| v.next_judgement);
    assert_eq!(held, vec![other, view], "saved again in place, not twice");
}

pub(super) fn a_secret_ballot_replaces_its_units_earlier_one_never_a_later_one(store: &dyn RelayStore) {
    use jinlin_model::docs::proposal::secret::{SecretBallot, receipt};
    let (proposal, other) = (DocId::random(), DocId::random());
    let (wang, li, chen) = (MemberId::random(), MemberId::random(), MemberId::random());
    let ballot = |unit: &str, choice: u32, nonce: &str| SecretBallot {
        unit: unit.into(),
        choices: vec![choice],
        receipt: receipt(nonce, &[choice]),
    };
    assert!(store.secret_ballots(proposal).expect("none").is_empty());
    store
        .put_secret_ballot(proposal, wang, &ballot("1202", 1, "a"), 1_000)
        .expect("Wang");
    store
        .put_secret_ballot(proposal, chen, &ballot("601", 0, "b"), 1_500)
        .expect("Chen");
    // Her son votes later for the same household: his ballot is the household's.
    store
        .put_secret_ballot(proposal, li, &ballot("1202", 0, "c"), 2_000)
        .expect("Li");
    // A ballot received earlier than the one kept never replaces it.
    store
        .put_secret_ballot(proposal, wang, &ballot("1202", 2, "d"), 1_800)
        .expect("late");
    store
        .put_secret_ballot(other, wang, &ballot("1202", 2, "e"), 1_000)
        .expect("elsewhere");
    let kept = store.secret_ballots(proposal).expect("ballots");
    assert_eq!(
        kept,
        vec![(ballot("1202", 0, "c"), 2_000), (ballot("601", 0, "b"), 1_500)]
    );
    assert_eq!(store.secret_ballots(other).expect("ballots").len(), 1);
}

pub(super) fn a_dashboard_pairing_is_answered_once_and_claimed_once_into_a_session(store: &dyn RelayStore) {
    use crate::store::desks::{PairingState, PutPairing, Session};
    let (browser, other) = ([1u8; 32], [2u8; 32]);
    let now = 1_000;
    assert_eq!(
        store.put_pairing(&browser, "ABCD2345", now + 300, now, 2).expect("put"),
        PutPairing::Kept
    );
    assert_eq!(
        store.put_pairing(&other, "ABCD2345", now + 300, now, 2).expect("put"),
        PutPairing::CodeTaken,
        "a code shown by a waiting pairing is not given twice"
    );
    assert_eq!(
        store.put_pairing(&other, "WXYZ6789", now + 300, now, 2).expect("put"),
        PutPairing::Kept
    );
    assert_eq!(
        store.put_pairing(&[3; 32], "JKMN2345", now + 300, now, 2).expect("put"),
        PutPairing::Full
    );
    assert_eq!(store.pairing(&browser, now).expect("read"), PairingState::Waiting);
    let member = MemberId::random();
    assert!(
        !store
            .answer_pairing("NOPE2345", PairingState::Approved(member), now)
            .expect("answer")
    );
    assert!(
        store
            .answer_pairing("ABCD2345", PairingState::Approved(member), now)
            .expect("answer")
    );
    assert!(
        !store
            .answer_pairing("ABCD2345", PairingState::Refused, now)
            .expect("answer"),
        "answered once"
    );
    assert!(
        store
            .answer_pairing("WXYZ6789", PairingState::Refused, now)
            .expect("answer")
    );
    assert_eq!(store.pairing(&other, now).expect("read"), PairingState::Refused);
    assert_eq!(store.pairing(&browser, now + 300).expect("late"), PairingState::Expired);
    assert_eq!(
        store.pairing(&browser, now).expect("read"),
        PairingState::Approved(member)
    );
    let session = Session {
        member,
        csrf: "csrf".into(),
        expires_at: now + 1_000,
        installation: [7; jinlin_model::ids::INSTALLATION_LEN],
    };
    let secret = [9u8; 32];
    assert!(
        !store.claim_pairing(&other, &secret, &session).expect("claim"),
        "refused: no session"
    );
    assert!(store.claim_pairing(&browser, &secret, &session).expect("claim"));
    assert!(
        !store.claim_pairing(&browser, &[10; 32], &session).expect("claim"),
        "claimed once"
    );
    assert_eq!(store.pairing(&browser, now).expect("read"), PairingState::Expired);
    assert_eq!(store.session(&secret, now).expect("session"), Some(session.clone()));
    assert_eq!(store.session(&secret, now + 1_000).expect("session"), None, "expired");
    assert_eq!(store.open_sessions(now).expect("count"), 1);
    store.end_member_sessions(member, now).expect("end");
    assert_eq!(
        store.session(&secret, now).expect("session"),
        None,
        "ended with its member"
    );
    let again = [11u8; 32];
    store
        .put_pairing(&again, "PQRS2345", now + 300, now + 1, 5)
        .expect("put");
    store
        .answer_pairing("PQRS2345", PairingState::Approved(member), now + 1)
        .expect("answer");
    assert!(store.claim_pairing(&again, &secret, &session).expect("claim"));
    store.end_session(&secret).expect("sign out");
    assert_eq!(store.open_sessions(now).expect("count"), 0, "signed out");
}

/// Several relay instances on one PostgreSQL schema: the journal and the writers' turns
/// (`journal.rs`). SQLite serves one process and has neither.
mod cluster {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::time::{Duration, Instant};

    use super::*;
    use crate::store::PostgresStore;
    use crate::store::journal::JournalDoc;

    /// Two instances' stores on one fresh schema.
    fn two() -> Option<(PostgresStore, PostgresStore)> {
        let url = super::postgres_schema()?;
        let a = PostgresStore::open(&url).expect("open");
        let b = PostgresStore::open(&url).expect("open again");
        Some((a, b))
    }

    fn cluster(store: &PostgresStore) -> &dyn crate::store::journal::ClusterStore {
        store.cluster().expect("PostgreSQL can be shared")
    }

    #[test]
    fn every_commit_another_instance_must_hear_of_is_journaled_with_what_it_changed() {
        let Some((a, b)) = two() else { return };
        let tree = Tree::new(MemberId::random());
        tree.put(&a);
        let household = doc(DocKind::Household, tree.building_a.id, 1);
        let member = MemberId::random();
        let seqs = a
            .write(&[
                Write::PutDoc(household.clone()),
                change(&household, 1, b"one"),
                change(&household, 2, b"two"),
                join(member, tree.building_a.id, Role::Volunteer, 5),
            ])
            .expect("write");
        // A device alone changes nothing another instance keeps or sends live.
        a.write(&[Write::PutDevice(device(member, 9, "Li"))]).expect("device");
        let entries = cluster(&b).journal_after(0, 10).expect("journal");
        assert_eq!(entries.len(), 2, "{entries:?}");
        assert_eq!(entries.iter().map(|e| e.id).collect::<Vec<_>>(), vec![1, 2]);
        assert!(entries.iter().all(|e| e.origin == cluster(&a).instance()));
        assert_ne!(cluster(&a).instance(), cluster(&b).instance());
        assert!(entries[0].journal.groups);
        assert_eq!(
            entries[1].journal.docs,
            vec![JournalDoc {
                doc: household.id,
                group: tree.building_a.id,
                first: seqs[0],
                last: seqs[1],
            }]
        );
        assert_eq!(entries[1].journal.members, vec![member]);
        assert_eq!(cluster(&b).journal_head().expect("head"), 2);
        assert!(cluster(&b).journal_after(2, 10).expect("none").is_empty());
        // A failed write leaves no entry and no gap.
        assert!(a.write(&[change(&household, 1, b"again")]).is_err());
        a.write(&[change(&household, 3, b"three")]).expect("write");
        assert_eq!(cluster(&b).journal_after(2, 10).expect("next")[0].id, 3);
        // Forgetting old entries keeps the numbering.
        cluster(&b).prune_journal(Duration::ZERO).expect("prune");
        assert!(cluster(&b).journal_after(0, 10).expect("pruned").is_empty());
        assert_eq!(cluster(&b).journal_head().expect("head"), 3);
    }

    #[test]
    fn members_live_on_one_instance_are_present_to_the_others_until_they_leave_or_it_falls_silent() {
        let Some((a, b)) = two() else { return };
        let (li, wu, ma) = (MemberId::random(), MemberId::random(), MemberId::random());
        cluster(&a).publish_presence(&[li, wu], &[]).expect("publish");
        let fresh = Duration::from_secs(5);
        let seen = cluster(&b).present_elsewhere(&[li, wu, ma], fresh).expect("read");
        assert_eq!(seen, [li, wu].into_iter().collect(), "live on the first instance");
        assert!(
            cluster(&a).present_elsewhere(&[li], fresh).expect("read").is_empty(),
            "an instance does not count itself"
        );
        let at = cluster(&a).publish_presence(&[], &[wu]).expect("withdraw");
        assert!(at > 0, "the database's clock");
        let seen = cluster(&b).present_elsewhere(&[li, wu], fresh).expect("read");
        assert_eq!(seen, [li].into_iter().collect(), "Wu left");
        // An instance not heard from within the window counts for nothing, and is forgotten.
        std::thread::sleep(Duration::from_millis(30));
        assert!(
            cluster(&b)
                .present_elsewhere(&[li], Duration::from_millis(10))
                .expect("read")
                .is_empty()
        );
        assert_eq!(cluster(&b).prune_presence(Duration::from_millis(10)).expect("prune"), 1);
        assert!(cluster(&b).present_elsewhere(&[li], fresh).expect("read").is_empty());
        // Publishing again brings it back.
        cluster(&a).publish_presence(&[li], &[]).expect("again");
        assert_eq!(cluster(&b).present_elsewhere(&[li], fresh).expect("read").len(), 1);
    }

    #[test]
    fn concurrent_commits_on_two_instances_are_journaled_without_gaps_in_commit_order() {
        let Some((a, b)) = two() else { return };
        let tree = Tree::new(MemberId::random());
        tree.put(&a);
        let stores = [Arc::new(a), Arc::new(b)];
        let threads: Vec<_> = (0..4)
            .map(|t| {
                let store = stores[t % 2].clone();
                let group = tree.building_b.id;
                std::thread::spawn(move || {
                    let d = doc(DocKind::Request, group, 1);
                    store.write(&[Write::PutDoc(d.clone())]).expect("doc");
                    for i in 0..15u8 {
                        store.write(&[change(&d, i, &[i])]).expect("append");
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().expect("writer");
        }
        let entries = cluster(&stores[0]).journal_after(0, 1000).expect("journal");
        let ids: Vec<u64> = entries.iter().map(|e| e.id).collect();
        assert_eq!(ids, (1..=61).collect::<Vec<u64>>(), "one entry per commit, no gaps");
        let seqs: Vec<u64> = entries
            .iter()
            .flat_map(|e| e.journal.docs.iter().map(|d| d.first))
            .collect();
        assert!(
            seqs.windows(2).all(|w| w[0] < w[1]),
            "a reader at any entry has every earlier change: {seqs:?}"
        );
    }

    #[test]
    fn a_turn_reads_the_journal_unless_every_entry_since_the_cursor_is_this_instances_own() {
        use crate::live::LiveEvent;
        let Some((a, b)) = two() else { return };
        let tree = Tree::new(MemberId::random());
        tree.put(&a);
        let a = Arc::new(a);
        let relay = crate::relay::Relay::new(a.clone(), Arc::new(jinlin_model::SystemClock), 64).expect("relay");
        let mut live = relay.subscribe();
        let d = doc(DocKind::Request, tree.building_b.id, 1);
        a.write(&[Write::PutDoc(d.clone())]).expect("doc");
        drop(relay.writer().expect("turn"));
        let head = || cluster(&a).journal_head().expect("head");
        assert_eq!(relay.journal_cursor.load(Ordering::Acquire), head(), "caught up");

        // One upload of this instance since: its entry alone, counted as the upload counts it.
        a.write(&[change(&d, 1, b"mine")]).expect("mine");
        relay.own_entries.fetch_add(1, Ordering::AcqRel);
        let turn = cluster(&a).turn().expect("turn");
        assert!(
            relay.only_own_entries_until(turn.head()),
            "nothing of the others' to read"
        );
        drop(turn);
        assert_eq!(relay.journal_cursor.load(Ordering::Acquire), head());

        // Another instance's commit, then this one's: as many entries as it counts would be
        // wrong; the journal is read and the other's change reaches the live connections here.
        b.write(&[change(&d, 2, b"theirs")]).expect("theirs");
        a.write(&[change(&d, 3, b"mine again")]).expect("mine");
        relay.own_entries.fetch_add(1, Ordering::AcqRel);
        let turn = cluster(&a).turn().expect("turn");
        assert!(
            !relay.only_own_entries_until(turn.head()),
            "another instance's entry is among them"
        );
        drop(turn);
        drop(relay.writer().expect("turn and catch-up"));
        relay.durable(relay.durable.last()).expect("flushed");
        assert_eq!(relay.journal_cursor.load(Ordering::Acquire), head());
        let mut told = Vec::new();
        while let Ok(event) = live.try_recv() {
            if let LiveEvent::Changes(batch) = event {
                told.extend(batch.changes.iter().map(|c| c.bytes.clone()));
            }
        }
        assert_eq!(
            told,
            vec![b"theirs".to_vec()],
            "the other's change, once; never this one's own"
        );
    }

    #[test]
    fn a_document_another_instance_creates_is_found_by_one_that_looked_for_it_before() {
        let Some((a, b)) = two() else { return };
        let tree = Tree::new(MemberId::random());
        tree.put(&a);
        let d = doc(DocKind::Request, tree.building_b.id, 1);
        assert_eq!(a.doc(d.id).expect("read"), None, "not there yet");
        b.write(&[Write::PutDoc(d.clone())]).expect("doc");
        assert_eq!(a.doc(d.id).expect("read"), Some(d.clone()), "a miss is not remembered");
        assert_eq!(
            a.doc(d.id).expect("read again"),
            Some(d),
            "and what was found stays found"
        );
    }

    #[test]
    fn one_instance_writes_at_a_time_and_a_turn_ends_with_its_connection() {
        let Some((a, b)) = two() else { return };
        let b = Arc::new(b);
        let held = cluster(&a).turn().expect("turn");
        let got = Arc::new(AtomicBool::new(false));
        let waiter = {
            let (b, got) = (b.clone(), got.clone());
            std::thread::spawn(move || {
                let _turn = cluster(&b).turn().expect("turn");
                got.store(true, Ordering::Release);
            })
        };
        std::thread::sleep(Duration::from_millis(300));
        assert!(!got.load(Ordering::Acquire), "the other instance waits");
        drop(held);
        waiter.join().expect("waiter");
        assert!(got.load(Ordering::Acquire), "and writes once the turn ends");
        // An instance that dies mid-turn: its connection closes and the turn ends with it.
        let url = super::postgres_schema().expect("schema");
        let dying = PostgresStore::open(&url).expect("open");
        let other = PostgresStore::open(&url).expect("open");
        let turn = cluster(&dying).turn().expect("turn");
        std::mem::forget(turn);
        drop(dying);
        let started = Instant::now();
        let _turn = cluster(&other).turn().expect("the turn passes on");
        assert!(started.elapsed() < Duration::from_secs(10));
    }

    #[test]
    fn an_instance_listening_is_woken_by_another_instances_commit() {
        let Some((a, b)) = two() else { return };
        let wakes = Arc::new(AtomicUsize::new(0));
        let counted = wakes.clone();
        let _listening = cluster(&b)
            .listen(Box::new(move || {
                counted.fetch_add(1, Ordering::AcqRel);
            }))
            .expect("listen");
        // Listening starts with a wake-up of its own (anything before it is read by polling).
        let started = Instant::now();
        while wakes.load(Ordering::Acquire) == 0 && started.elapsed() < Duration::from_secs(5) {
            std::thread::sleep(Duration::from_millis(10));
        }
        let before = wakes.load(Ordering::Acquire);
        Tree::new(MemberId::random()).put(&a);
        let started = Instant::now();
        while wakes.load(Ordering::Acquire) == before && started.elapsed() < Duration::from_secs(5) {
            std::thread::sleep(Duration::from_millis(10));
        }
        assert!(wakes.load(Ordering::Acquire) > before, "woken by the commit");
    }
}

pub(super) fn the_relays_key_is_made_once_and_a_devices_key_is_set_once(store: &dyn RelayStore) {
    let first = store.relay_key(&[7; 32], 1_000).expect("made");
    assert_eq!(first, [7; 32], "the first key offered is kept");
    assert_eq!(
        store.relay_key(&[8; 32], 2_000).expect("kept"),
        [7; 32],
        "a later start keeps the key phones pinned"
    );

    let (li, chen) = (MemberId::random(), MemberId::random());
    assert_eq!(store.device_key(li).expect("none yet"), None);
    let key = |member, key| Write::PutDeviceKey { member, key, at: 1_000 };
    store
        .write(&[Write::PutDevice(device(li, 1, "Li")), key(li, [1; 32])])
        .expect("register with a key");
    store
        .write(&[Write::PutDevice(device(li, 1, "Li")), key(li, [2; 32])])
        .expect("register again");
    assert_eq!(store.device_key(li).expect("kept"), Some([1; 32]), "set once");
    store
        .write(&[Write::PutDevice(device(chen, 2, "Chen"))])
        .expect("no key");
    assert_eq!(store.device_key(chen).expect("older build"), None);

    assert!(store.revoked_members().expect("none").is_empty());
    store
        .write(&[Write::RevokeDevice {
            member: chen,
            by: chen,
            at: 3_000,
        }])
        .expect("signed out");
    assert_eq!(store.revoked_members().expect("revoked"), vec![chen]);
}
