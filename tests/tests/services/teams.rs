//! Teams as first-class members of a community: staff create them with a kind, a leader and the
//! groups they serve; the leader adds members; the menu names them; only staff publish.

use jinlin_core::Error;
use jinlin_model::docs::group::menu::NewMenuItem;
use jinlin_model::kinds::TeamKind;

use crate::support::{Menu, id};

#[tokio::test]
async fn staff_create_teams_their_leader_adds_members_and_every_phone_sees_the_menu() {
    let m = Menu::new().await;
    for phone in m.everyone() {
        let community = phone.group(m.tree.community).expect("the community is on every phone");
        let crew = community.team(&m.crew).expect("the crew");
        assert_eq!((crew.kind, crew.leader), (TeamKind::Property, Some(id(&m.chen))));
        assert_eq!(crew.serves, vec![m.tree.estate]);
        assert!(
            crew.has(id(&m.zhou)),
            "the leader put Zhou on the crew, on {}",
            phone.name
        );
        let titles: Vec<_> = community.menu.iter().map(|i| i.title.as_str()).collect();
        assert_eq!(titles, vec!["Change a light bulb", "Fix a leaking tap"]);
    }
    // Nobody joins a property crew by themselves; a skill team they may.
    let li = id(&m.li);
    assert!(
        m.he.set_team_member(m.tree.community, &m.crew, id(&m.he), true)
            .is_err()
    );
    assert!(
        m.he.set_team_member(m.tree.community, &m.legal, id(&m.he), true)
            .is_ok(),
        "He joins his own skill team"
    );
    assert!(
        m.chen.set_team_member(m.tree.community, &m.legal, li, true).is_err(),
        "Chen leads the crew, not legal aid"
    );
}

#[tokio::test]
async fn a_resident_cannot_publish_a_menu_item_and_staff_take_one_off_the_menu() {
    let m = Menu::new().await;
    let item = NewMenuItem {
        title: "Free haircut".into(),
        team: m.crew.clone(),
        ..NewMenuItem::default()
    };
    assert!(matches!(
        m.wang.add_menu_item(m.tree.community, &item),
        Err(Error::NotAllowed(_)) | Err(Error::UnknownGroup(_))
    ));
    m.sun.withdraw_menu_item(m.tree.community, &m.tap).expect("withdraw");
    m.sun.sync().await;
    m.wang.sync().await;
    assert!(
        m.wang
            .place_order(m.tree.community, &m.tap, &Default::default())
            .is_err(),
        "an item off the menu takes no new orders"
    );
}
