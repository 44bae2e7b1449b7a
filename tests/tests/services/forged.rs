//! The relay, not only the phone's screens, enforces who takes each step of an order: changes
//! written past the phone's own checks (a forged dispatch, menu item, acceptance or rating) are
//! refused with the reason, and nobody else ever sees them.

use automerge::AutoCommit;
use jinlin_core::DocId;
use jinlin_model::DocKind;
use jinlin_model::docs::group::menu::NewMenuItem;
use jinlin_model::docs::order;
use jinlin_model::docs::request::Actor;
use jinlin_model::kinds::OrderStatus;
use jinlin_model::protocol::{AckResult, DocChanges, PROTOCOL_VERSION, SyncRequest};
use jinlin_tests::Phone;
use serde_bytes::ByteBuf;

use crate::support::{Menu, id};

/// Writes `edit` into `phone`'s copy of `doc` as its member, skipping the phone's checks, and
/// uploads that change alone. Returns why the relay refused it, or `None` if it stored it.
pub(crate) async fn forge(
    phone: &Phone,
    doc: DocId,
    kind: DocKind,
    group: DocId,
    edit: impl FnOnce(&mut AutoCommit),
) -> Option<String> {
    let saved = phone
        .save_doc(doc)
        .expect("read")
        .expect("the document is on the phone");
    let mut d = AutoCommit::load(&saved).expect("load").with_actor(id(phone).actor());
    edit(&mut d);
    d.commit();
    let change = d.get_last_local_change().expect("a change").raw_bytes().to_vec();
    upload(phone, doc, kind, group, vec![change]).await
}

/// Uploads `changes` of `doc` from `phone` as they are, past the phone's checks. Returns why the
/// relay refused them, or `None` if it stored them.
pub(crate) async fn upload(
    phone: &Phone,
    doc: DocId,
    kind: DocKind,
    group: DocId,
    changes: Vec<Vec<u8>>,
) -> Option<String> {
    let req = SyncRequest {
        version: PROTOCOL_VERSION,
        cursors: vec![],
        docs: vec![DocChanges {
            doc_id: doc,
            doc_type: kind,
            group_id: group,
            changes: changes.into_iter().map(ByteBuf::from).collect(),
            saved: None,
        }],
        accept_saved: false,
        signatures: Vec::new(),
    };
    let (res, _, _) = phone.client().exchange(&req).await.expect("the relay answers");
    match &res.acks[0].result {
        AckResult::Rejected { reason } => Some(reason.clone()),
        _ => None,
    }
}

#[tokio::test]
async fn a_resident_cannot_publish_a_menu_item_or_dispatch_an_order_even_past_the_phone() {
    let m = Menu::new().await;
    let community = m.tree.community;
    let item = NewMenuItem {
        title: "Free haircut".into(),
        team: m.crew.clone(),
        ..NewMenuItem::default()
    };
    // An item written straight into the community's menu, as only staff may.
    let wang = id(&m.wang);
    let refused = forge(&m.wang, community, DocKind::Group, community, |d| {
        use automerge::transaction::Transactable;
        let menu_obj = jinlin_model::read::obj(d, &automerge::ROOT, "menu").expect("menu");
        let entry = d
            .put_object(&menu_obj, "haircut", automerge::ObjType::Map)
            .expect("entry");
        d.put(&entry, "title", item.title.as_str()).expect("title");
        d.put(&entry, "team", item.team.as_str()).expect("team");
        d.put(&entry, "direct", true).expect("direct");
    })
    .await;
    assert_eq!(refused.as_deref(), Some("only staff change a group"));

    let order = m.order(&m.tap).await;
    let group = m.wang.group(community).expect("community");
    let refused = forge(&m.wang, order, DocKind::Order, community, |d| {
        order::dispatch(d, wang, true, &group, &m.crew, 5).expect("written past the phone");
    })
    .await;
    assert_eq!(refused.as_deref(), Some("only staff dispatch orders"));
    m.sun.sync().await;
    assert_eq!(m.seen_by(&m.sun, order).status, OrderStatus::Ordered, "nobody saw it");
    assert!(
        m.sun
            .menu(community)
            .expect("menu")
            .iter()
            .all(|i| i.title != "Free haircut")
    );
}

#[tokio::test]
async fn a_member_of_another_team_cannot_accept_an_order() {
    let m = Menu::new().await;
    let order = m.order(&m.bulb).await;
    m.he.sync().await;
    assert!(
        m.he.accept_order(order).is_err(),
        "He's phone refuses: he is on legal aid"
    );
    // He's phone believes he is on the crew (its copy of the community says so).
    let mut fake = m.he.group(m.tree.community).expect("community");
    if let Some(t) = fake.teams.iter_mut().find(|t| t.id == m.crew) {
        t.members.push(id(&m.he));
    }
    let refused = forge(&m.he, order, DocKind::Order, m.tree.community, |d| {
        order::accept(
            d,
            Actor {
                id: id(&m.he),
                name: "He",
            },
            &fake,
            5,
        )
        .expect("written past the phone");
    })
    .await;
    assert_eq!(
        refused.as_deref(),
        Some("only a member of the team it is dispatched to accepts an order")
    );
    m.chen.sync().await;
    assert!(m.seen_by(&m.chen, order).acceptances.is_empty());
}

#[tokio::test]
async fn a_rating_past_the_phone_is_refused_from_anyone_but_the_one_who_asked_before_done_or_twice() {
    let m = Menu::new().await;
    let order = m.order(&m.bulb).await;
    let community = m.tree.community;
    let rate = |d: &mut AutoCommit, who, stars| {
        use automerge::transaction::Transactable;
        let r = jinlin_model::read::obj(d, &automerge::ROOT, "rating").expect("rating");
        d.put(&r, "stars", stars).expect("stars");
        d.put(&r, "by", jinlin_core::MemberId::to_string(&who)).expect("by");
    };
    let wang = id(&m.wang);
    let li = id(&m.li);
    let early = forge(&m.wang, order, DocKind::Order, community, |d| rate(d, wang, 5)).await;
    assert_eq!(early.as_deref(), Some("an order is rated after it is done"));

    m.chen.sync().await;
    m.chen.accept_order(order).expect("accept");
    m.chen.sync().await;
    m.chen.finish_order(order).expect("done");
    m.chen.sync().await;
    m.li.sync().await;
    m.wang.sync().await;
    let by_li = forge(&m.li, order, DocKind::Order, community, |d| rate(d, li, 1)).await;
    assert_eq!(by_li.as_deref(), Some("only the resident who ordered rates an order"));

    m.wang.rate_order(order, 4, "Thank you").expect("rate");
    m.wang.sync().await;
    let again = forge(&m.wang, order, DocKind::Order, community, |d| rate(d, wang, 1)).await;
    assert_eq!(again.as_deref(), Some("help is rated once"));
    m.sun.sync().await;
    assert_eq!(m.seen_by(&m.sun, order).rating.map(|r| r.stars), Some(4));
}
