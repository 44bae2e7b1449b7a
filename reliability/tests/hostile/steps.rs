//! A resident who moves a neighbour's photo report on past the app: closing it, taking a step in
//! the grid worker's name, deleting a step or the whole step list. The relay refuses each batch
//! (the report's write rules, `model/src/docs/report/rules.rs`), and every phone still shows the
//! report where the grid worker left it. The one it is assigned to may mark it fixed; the grid
//! worker closes it.

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjType, ROOT, ReadDoc};
use jinlin_core::{DocId, GroupKind, MemberId, Place, Role};
use jinlin_model::DocKind;
use jinlin_model::kinds::ReportStatus;
use jinlin_model::protocol::{AckResult, DocChanges, PROTOCOL_VERSION, SyncRequest};
use serde_bytes::ByteBuf;

use jinlin_tests::{Relay, Tree, tree};

use crate::common::{HostileRelay, client};

/// Copies `phone`'s report document, writing as `phone`'s member past its checks.
fn copy_of(phone: &jinlin_tests::Phone, report: DocId) -> (AutoCommit, Vec<automerge::ChangeHash>) {
    let bytes = phone.save_doc(report).expect("read").expect("the report");
    let mut doc = AutoCommit::load(&bytes).expect("load");
    doc.set_actor(member(phone).actor());
    let heads = doc.get_heads();
    (doc, heads)
}

fn member(phone: &jinlin_tests::Phone) -> MemberId {
    phone.identity().expect("identity").expect("set").member_id
}

/// Uploads what was written to `doc` since `heads` as `phone`; the relay's answer.
async fn upload(
    phone: &jinlin_tests::Phone,
    group: DocId,
    report: DocId,
    doc: &mut AutoCommit,
    heads: &[automerge::ChangeHash],
) -> AckResult {
    doc.commit();
    let changes = doc.get_changes(heads);
    let upload = SyncRequest {
        version: PROTOCOL_VERSION,
        cursors: Vec::new(),
        docs: vec![DocChanges {
            doc_id: report,
            doc_type: DocKind::Report,
            group_id: group,
            changes: changes.iter().map(|c| ByteBuf::from(c.raw_bytes().to_vec())).collect(),
            saved: None,
        }],
        accept_saved: false,
        signatures: Vec::new(),
    };
    let (answer, _, _) = client(phone).exchange(&upload).await.expect("the relay answers");
    answer.acks[0].result.clone()
}

/// Appends a step to `doc` as `by`.
fn append_step(doc: &mut AutoCommit, step: &str, by: MemberId) {
    let (_, steps) = doc.get(ROOT, "steps").expect("read").expect("steps");
    let at = doc.length(&steps);
    let s = doc.insert_object(&steps, at, ObjType::Map).expect("insert");
    doc.put(&s, "step", step).expect("put");
    doc.put(&s, "by", by.to_string()).expect("put");
    doc.put(&s, "name", "Sun").expect("put");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    doc.put(&s, "at", now).expect("put");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nobody_but_keepers_and_the_assignee_moves_a_photo_report_on_and_no_step_is_ever_removed() {
    let relay = Relay::start().await;
    let sun = relay.phone("Sun", "1", "001").await;
    let wang = relay.phone("Wang", "3", "1202").await;
    let hua = relay.phone("Hua", "3", "1101").await;
    let li = relay.phone("Li", "5", "501").await;
    // Sun runs the community and looks after building 3, where Wang and Hua live; Li, from
    // building 5, volunteers for building 3 and is who fixes things.
    let community = sun
        .create_group("Lianhua Community", GroupKind::Community, None)
        .expect("community");
    let estate = sun
        .create_group("East Estate", GroupKind::Estate, Some(community))
        .expect("estate");
    let b3 = sun
        .create_group("Building 3", GroupKind::Building, Some(estate))
        .expect("building 3");
    sun.sync().await;
    let residents = sun.invite(b3, Role::Resident).await;
    wang.join(&residents).await;
    hua.join(&residents).await;
    li.join(&sun.invite(b3, Role::Volunteer).await).await;

    let report = wang
        .raise_report(b3, "The stairwell light is out", Place::default(), &[])
        .expect("report");
    wang.sync().await;
    sun.sync().await;
    sun.report_step(report, ReportStatus::Assigned, Some(member(&li)), None)
        .expect("assign to Li");
    sun.sync().await;
    hua.sync().await;
    li.sync().await;

    // Hua, a neighbour with no say over the report, tries every way past her phone.
    let sun_id = member(&sun);
    let hua_id = member(&hua);
    let mut refused = Vec::new();
    let (mut doc, heads) = copy_of(&hua, report);
    append_step(&mut doc, "closed", hua_id);
    refused.push((
        "closed by a neighbour",
        upload(&hua, b3, report, &mut doc, &heads).await,
    ));
    let (mut doc, heads) = copy_of(&hua, report);
    append_step(&mut doc, "checked", sun_id);
    refused.push((
        "a step in the worker's name",
        upload(&hua, b3, report, &mut doc, &heads).await,
    ));
    let (mut doc, heads) = copy_of(&hua, report);
    let (_, steps) = doc.get(ROOT, "steps").expect("read").expect("steps");
    doc.delete(&steps, 0).expect("delete");
    refused.push(("a step deleted", upload(&hua, b3, report, &mut doc, &heads).await));
    let (mut doc, heads) = copy_of(&hua, report);
    doc.delete(ROOT, "steps").expect("delete");
    refused.push((
        "the step list deleted",
        upload(&hua, b3, report, &mut doc, &heads).await,
    ));
    let (mut doc, heads) = copy_of(&hua, report);
    doc.put_object(ROOT, "steps", ObjType::List).expect("put");
    refused.push((
        "the step list replaced",
        upload(&hua, b3, report, &mut doc, &heads).await,
    ));
    for (what, ack) in refused {
        assert!(matches!(ack, AckResult::Rejected { .. }), "{what}: {ack:?}");
    }

    // Wang still sees her report assigned to Li, with its one step.
    wang.sync().await;
    let seen = wang.report(report).expect("report");
    assert_eq!(seen.status, ReportStatus::Assigned);
    assert_eq!(seen.steps.len(), 1);

    // Li, the assignee, marks it fixed; Sun checks and closes it; Wang sees it closed.
    let (mut doc, heads) = copy_of(&li, report);
    append_step(&mut doc, "fixed", member(&li));
    assert_eq!(upload(&li, b3, report, &mut doc, &heads).await, AckResult::Stored);
    sun.sync().await;
    sun.report_step(report, ReportStatus::Closed, None, Some("Light replaced"))
        .expect("close");
    assert!(sun.sync().await.rejected.is_empty());
    wang.sync().await;
    let seen = wang.report(report).expect("report");
    assert_eq!(seen.status, ReportStatus::Closed);
    assert_eq!(seen.steps.len(), 3);
    relay.assert_healthy().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_step_out_of_order_or_dated_ahead_is_refused_but_one_that_crossed_another_on_the_way_is_kept() {
    let relay = Relay::start().await;
    let sun = relay.phone("Sun", "1", "001").await;
    let wang = relay.phone("Wang", "3", "1202").await;
    let gao = relay.phone("Gao", "1", "002").await;
    let Tree { community, b3, .. } = tree(&sun).await;
    wang.join(&sun.invite(b3, Role::Resident).await).await;
    gao.join(&sun.invite(community, Role::GridWorker).await).await;
    let report = wang
        .raise_report(b3, "The lift stops between floors", Place::default(), &[])
        .expect("report");
    wang.sync().await;
    sun.sync().await;
    gao.sync().await;

    // A grid worker cannot mark a raised report checked: nothing was fixed to check.
    let (mut doc, heads) = copy_of(&gao, report);
    append_step(&mut doc, "checked", member(&gao));
    let skipped = upload(&gao, b3, report, &mut doc, &heads).await;
    assert!(
        matches!(skipped, AckResult::Rejected { .. }),
        "checked before fixed: {skipped:?}"
    );
    wang.sync().await;
    assert_eq!(wang.report(report).expect("report").status, ReportStatus::Raised);

    // Nor date a step years ahead, where it would decide the report's status for good.
    let (mut doc, heads) = copy_of(&gao, report);
    append_step(&mut doc, "assigned", member(&gao));
    let (_, steps) = doc.get(ROOT, "steps").expect("read").expect("steps");
    let (_, last) = doc.get(&steps, 0).expect("read").expect("the step");
    doc.put(&last, "at", 4_102_444_800_000_i64).expect("put");
    let ahead = upload(&gao, b3, report, &mut doc, &heads).await;
    assert!(
        matches!(ahead, AckResult::Rejected { .. }),
        "a step dated 2100: {ahead:?}"
    );

    // Gao marks it fixed in the basement, seeing it raised; meanwhile Sun closes it as a
    // duplicate. Gao's step was in order when taken, so it is kept when it arrives.
    let (mut doc, heads) = copy_of(&gao, report);
    append_step(&mut doc, "fixed", member(&gao));
    sun.report_step(report, ReportStatus::Closed, None, Some("Reported twice"))
        .expect("close");
    assert!(sun.sync().await.rejected.is_empty());
    assert_eq!(upload(&gao, b3, report, &mut doc, &heads).await, AckResult::Stored);
    wang.sync().await;
    assert_eq!(wang.report(report).expect("report").steps.len(), 2);
}
