//! Notices through a real relay (让邻知事): staff post to the community; a resident's list puts
//! pinned notices first and an expired pin drops back; a member's read counts for their
//! household, so two members of one household count once; nobody marks another as read, even
//! past the phone; a building leader posts to her building; residents do not post notices.

use jinlin_core::{DocId, Error};
use jinlin_model::DocKind;
use jinlin_model::docs::household::{NewHousehold, Resident};
use jinlin_model::docs::notice::{self, NewNotice};
use jinlin_model::kinds::RiskTier;

use crate::forged::forge;
use crate::support::{Menu, id};

fn post(m: &Menu, title: &str, pinned_until: Option<i64>) -> DocId {
    m.sun
        .post_notice(
            m.tree.community,
            &NewNotice {
                title: title.into(),
                body: "Details at the estate office".into(),
                photo: None,
                pinned_until,
            },
        )
        .expect("staff post a notice")
}

#[tokio::test]
async fn pinned_notices_come_first_and_an_expired_pin_drops_back() {
    let m = Menu::new().await;
    let now = m.sun.now();
    // Posted a few milliseconds apart: newest first goes by the time of posting, and two
    // notices posted in the same millisecond fall back to their ids' order.
    post(&m, "Water off on Tuesday", Some(now + 86_400_000));
    tokio::time::sleep(std::time::Duration::from_millis(3)).await;
    post(&m, "Lift inspection last month", Some(now - 1));
    tokio::time::sleep(std::time::Duration::from_millis(3)).await;
    post(&m, "Tai chi in the courtyard", None);
    m.sun.sync().await;
    m.wang.sync().await;
    let titles: Vec<String> = m
        .wang
        .notices(Some(m.tree.b3))
        .expect("her building's notices, and those above it")
        .into_iter()
        .map(|n| n.title)
        .collect();
    assert_eq!(
        titles,
        [
            "Water off on Tuesday",
            "Tai chi in the courtyard",
            "Lift inspection last month"
        ]
    );
}

#[tokio::test]
async fn reads_count_per_household_and_two_members_of_one_household_count_once() {
    let m = Menu::new().await;
    // The registry: Wang and Li share 3-101, Chen and Zhou 5-101, and 3-202 has nobody in Jinlin.
    for (group, building, unit) in [
        (m.tree.b3, "3", "101"),
        (m.tree.b5, "5", "101"),
        (m.tree.b3, "3", "202"),
    ] {
        m.sun
            .add_household(NewHousehold {
                group_id: group,
                building: building.into(),
                unit: unit.into(),
                residents: vec![Resident {
                    name: "Resident".into(),
                    phone: None,
                }],
                tier: RiskTier::Blue,
                flags: Vec::new(),
            })
            .expect("household");
    }
    let notice = post(&m, "Water off on Tuesday", None);
    m.sun.sync().await;
    for p in [&m.wang, &m.li] {
        p.sync().await;
        assert!(p.read_notice(notice).expect("read"));
        assert!(
            !p.read_notice(notice).expect("read again"),
            "a second read writes nothing"
        );
        p.sync().await;
    }
    m.sun.sync().await;
    let count = m.sun.notice_reads(notice).expect("count");
    assert_eq!((count.households_read, count.households, count.members_read), (1, 3, 2));

    m.chen.sync().await;
    m.chen.read_notice(notice).expect("read");
    m.chen.sync().await;
    m.sun.sync().await;
    assert_eq!(m.sun.notice_reads(notice).expect("count").households_read, 2);
    assert!(
        matches!(m.wang.notice_reads(notice), Err(Error::NotAllowed(_))),
        "read counts are for staff"
    );
}

#[tokio::test]
async fn a_member_cannot_mark_another_as_read_even_past_the_phone() {
    let m = Menu::new().await;
    let notice = post(&m, "Water off on Tuesday", None);
    m.sun.sync().await;
    m.wang.sync().await;
    let li = id(&m.li);
    let refused = forge(&m.wang, notice, DocKind::Notice, m.tree.community, |d| {
        notice::mark_read(d, li, 5).expect("written past the phone");
    })
    .await;
    assert_eq!(refused.as_deref(), Some("a member records only their own read"));
    m.li.sync().await;
    assert!(
        !m.li.notice(notice).expect("notice").read_by(li),
        "nobody read it for her"
    );
}

#[tokio::test]
async fn a_building_leader_posts_to_her_building_and_its_residents_see_it() {
    let m = Menu::new().await;
    let mei = jinlin_tests::Phone::registered("Mei", "3", &m._relay).await;
    mei.join(&m.sun.invite_leader(m.tree.b3, "3").await).await;
    let new = NewNotice {
        title: "Stairwell cleaning on Friday".into(),
        ..NewNotice::default()
    };
    let notice = mei.post_notice(m.tree.b3, &new).expect("the leader posts");
    mei.sync().await;
    m.wang.sync().await;
    let seen: Vec<DocId> = m
        .wang
        .notices(Some(m.tree.b3))
        .expect("notices")
        .iter()
        .map(|n| n.id)
        .collect();
    assert_eq!(seen, vec![notice]);
    assert!(
        matches!(mei.post_notice(m.tree.community, &new), Err(Error::NotAllowed(_))),
        "she leads her building, not the community"
    );
}

#[tokio::test]
async fn a_resident_does_not_post_notices() {
    let m = Menu::new().await;
    let new = NewNotice {
        title: "Free puppies".into(),
        ..NewNotice::default()
    };
    assert!(matches!(
        m.wang.post_notice(m.tree.community, &new),
        Err(Error::NotAllowed(_))
    ));
}
