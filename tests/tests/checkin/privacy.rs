//! Who sees a pairing and who may change it: the person, the paired neighbours, grid workers and
//! staff of the tree above; nobody else in her building. Bad input is refused and writes nothing.

use jinlin_model::checkin::Answer;

use super::support::Hood;
use super::{JUDGED, MORNING, WAIT, at, expect_alerted, new_pairing, paired};

#[tokio::test]
async fn only_her_pair_the_grid_worker_and_staff_see_her_pairing() {
    let hood = Hood::on_one_clock(MORNING).await;
    let pairing = paired(&hood, &["Li", "Chen"]).await;
    for who in ["Grandma Wang", "Li", "Chen", "Gao", "Ms Sun"] {
        let list = hood.get(who).phone.client().pairings().await.expect("list");
        assert_eq!(list.len(), 1, "{who} sees it");
        assert!(hood.get(who).phone.client().pairing(pairing).await.is_ok());
    }
    for who in ["Wu", "Zhou", "Ma", "He"] {
        let list = hood.get(who).phone.client().pairings().await.expect("list");
        assert!(list.is_empty(), "{who} sees nothing");
        assert!(hood.get(who).phone.client().pairing(pairing).await.is_err(), "{who}");
    }
}

#[tokio::test]
async fn only_staff_or_a_grid_worker_pairs_neighbours_and_bad_pairings_write_nothing() {
    let hood = Hood::on_one_clock(MORNING).await;
    let new = new_pairing(&hood, &["Li", "Chen"]);
    for who in ["Wu", "Li", "Grandma Wang"] {
        assert!(
            hood.get(who).phone.client().create_pairing(&new).await.is_err(),
            "{who}"
        );
    }
    let gao = hood.get("Gao").phone.client();
    let mut four = new_pairing(&hood, &["Li", "Chen", "Wu", "Zhou"]);
    assert!(gao.create_pairing(&four).await.is_err(), "four neighbours");
    four.neighbours.truncate(2);
    four.deadline = "25:00".into();
    assert!(gao.create_pairing(&four).await.is_err(), "no such time");
    let mut estate = new_pairing(&hood, &["Li"]);
    let groups = hood.get("Gao").phone.groups().expect("groups");
    estate.group_id = groups
        .iter()
        .find(|g| g.kind != jinlin_core::GroupKind::Building)
        .expect("the community")
        .id;
    assert!(gao.create_pairing(&estate).await.is_err(), "not a building");
    let mut stranger = new_pairing(&hood, &["Li"]);
    stranger.neighbours[0].member = jinlin_core::MemberId::random();
    assert!(gao.create_pairing(&stranger).await.is_err(), "an unknown member");
    assert!(hood.relay.relay().checkins().is_empty(), "nothing was written");
    assert_eq!(hood.relay.store().pairings().expect("stored").len(), 0);
}

#[tokio::test]
async fn only_those_alerted_grid_workers_and_staff_answer_an_alarm() {
    let hood = Hood::on_one_clock(MORNING).await;
    let pairing = paired(&hood, &["Li", "Chen"]).await;
    at(&hood, JUDGED);
    expect_alerted(&hood, pairing, &["Li"]).await;
    let chen = hood.get("Chen").phone.client();
    assert!(
        chen.answer_checkin(pairing, Answer::Fine).await.is_err(),
        "Chen was not alerted yet"
    );
    let wu = hood.get("Wu").phone.client();
    assert!(wu.answer_checkin(pairing, Answer::Fine).await.is_err());
    let v = hood
        .get("Gao")
        .phone
        .client()
        .answer_checkin(pairing, Answer::Fine)
        .await
        .expect("the grid worker looked in");
    assert!(v.watch.is_none());
}

#[tokio::test]
async fn a_volunteer_alerted_from_outside_the_pair_reads_her_pairing_only_while_the_alarm_stands() {
    let hood = Hood::on_one_clock(MORNING).await;
    let pairing = paired(&hood, &["Li"]).await;
    let wu = hood.get("Wu").phone.client();
    assert!(wu.pairing(pairing).await.is_err(), "not before");
    at(&hood, JUDGED);
    at(&hood, JUDGED + WAIT);
    expect_alerted(&hood, pairing, &["Li", "Wu"]).await;
    assert!(wu.pairing(pairing).await.is_ok(), "alerted: Wu reads it and may answer");
    wu.answer_checkin(pairing, Answer::Coming).await.expect("on my way");
    wu.answer_checkin(pairing, Answer::Fine).await.expect("she's fine");
    assert!(wu.pairing(pairing).await.is_err(), "not after it closed");
    assert!(hood.get("Zhou").phone.client().pairing(pairing).await.is_err());
}
