//! Skill-matched alerts count team membership as well as a member's own skills: staff put Ma,
//! who named no skill of her own, on building 5's drivers' team, and a hospital ride alerts her
//! with the estate's other drivers.

use jinlin_core::Skill;

use crate::support::{DAY, Hood};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_on_a_drivers_team_is_alerted_with_the_drivers_though_her_own_entry_names_no_skill() {
    let hood = Hood::new(DAY).await;
    let sun = &hood.get("Ms Sun").phone;
    let ma = hood
        .get("Ma")
        .phone
        .identity()
        .expect("identity")
        .expect("set")
        .member_id;
    let b5 = hood
        .get("Ma")
        .phone
        .groups()
        .expect("groups")
        .into_iter()
        .find(|g| g.member(ma).is_some())
        .expect("building 5")
        .id;
    sun.sync().await;
    let team = sun
        .add_team(b5, "Building 5 drivers", Some(Skill::Driver))
        .expect("team");
    sun.set_team_member(b5, &team, ma, true).expect("Ma on the team");
    sun.sync().await;

    let ride = hood.get("Grandma Wang").phone.raise_ride(hood.b3, 1);
    hood.get("Grandma Wang").phone.sync().await;
    hood.expect_alerted(ride, &["Li", "Wu", "Chen", "Zhou", "Ma"]).await;
    assert_eq!(hood.get("Ma").alerted(ride), Some(1), "Ma is in the first wave");
}
