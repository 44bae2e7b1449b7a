//! A neighbourhood with a service menu: the shared [`Relay`], phones with their own stores, in a
//! community with one estate and two buildings, and two teams of the community:
//!
//! ```text
//! Lianhua Community ── staff Ms Sun; volunteers Chen and Zhou (Property crew, Chen leads),
//! │                    He (Legal aid)
//! └ East Estate
//!     ├ Building 3 ── Grandma Wang and Li (residents)
//!     └ Building 5 ── Chen, Zhou (residents)
//! ```
//! The menu: "Fix a leaking tap" (¥15 per visit, staff dispatch it) and "Change a light bulb"
//! (free, the Property crew takes it directly).

use jinlin_core::{DocId, MemberId, Role, Skill};
use jinlin_model::docs::group::NewTeam;
use jinlin_model::docs::group::menu::NewMenuItem;
use jinlin_model::docs::order::{NewOrder, OrderView};
use jinlin_model::kinds::TeamKind;
use jinlin_tests::{Phone, Relay, Tree, admit, tree};

pub struct Menu {
    /// Kept running for the test's length.
    pub _relay: Relay,
    pub tree: Tree,
    pub sun: Phone,
    pub wang: Phone,
    pub li: Phone,
    pub chen: Phone,
    pub zhou: Phone,
    pub he: Phone,
    /// The Property crew's key.
    pub crew: String,
    /// The Legal aid team's key.
    pub legal: String,
    /// "Fix a leaking tap": staff dispatch it.
    pub tap: String,
    /// "Change a light bulb": the crew takes it directly.
    pub bulb: String,
}

pub fn id(phone: &Phone) -> MemberId {
    phone.identity().expect("identity").expect("registered").member_id
}

impl Menu {
    pub async fn new() -> Menu {
        let relay = Relay::start().await;
        let sun = Phone::registered("Ms Sun", "1", &relay).await;
        let wang = Phone::registered("Grandma Wang", "3", &relay).await;
        let li = Phone::registered("Li", "3", &relay).await;
        let chen = Phone::registered("Chen", "5", &relay).await;
        let zhou = Phone::registered("Zhou", "5", &relay).await;
        let he = Phone::registered("He", "1", &relay).await;
        let tree = tree(&sun).await;
        admit(&sun, &wang, tree.b3, Role::Resident).await;
        admit(&sun, &li, tree.b3, Role::Resident).await;
        for p in [&chen, &zhou] {
            admit(&sun, p, tree.b5, Role::Resident).await;
            admit(&sun, p, tree.community, Role::Volunteer).await;
        }
        admit(&sun, &he, tree.community, Role::Volunteer).await;
        sun.sync().await;
        let crew = sun
            .create_team(
                tree.community,
                &NewTeam {
                    name: "Property crew".into(),
                    skill: Some(Skill::Electrician),
                    kind: Some(TeamKind::Property),
                    leader: Some(id(&chen)),
                    serves: vec![tree.estate],
                },
            )
            .expect("crew");
        let legal = sun
            .create_team(
                tree.community,
                &NewTeam {
                    name: "Legal aid".into(),
                    skill: Some(Skill::Legal),
                    kind: Some(TeamKind::Skill),
                    leader: Some(id(&he)),
                    serves: Vec::new(),
                },
            )
            .expect("legal aid");
        let tap = sun
            .add_menu_item(
                tree.community,
                &NewMenuItem {
                    title: "Fix a leaking tap".into(),
                    description: "Washers and labour; parts at cost".into(),
                    team: crew.clone(),
                    price_fen: Some(1500),
                    unit: Some("per visit".into()),
                    hours: Some("Mon-Sat 8:00-18:00".into()),
                    direct: false,
                },
            )
            .expect("tap");
        let bulb = sun
            .add_menu_item(
                tree.community,
                &NewMenuItem {
                    title: "Change a light bulb".into(),
                    description: String::new(),
                    team: crew.clone(),
                    price_fen: None,
                    unit: None,
                    hours: None,
                    direct: true,
                },
            )
            .expect("bulb");
        sun.sync().await;
        // The crew's leader puts Zhou on the crew.
        chen.sync().await;
        chen.set_team_member(tree.community, &crew, id(&zhou), true)
            .expect("the leader adds Zhou");
        chen.sync().await;
        let menu = Menu {
            _relay: relay,
            tree,
            sun,
            wang,
            li,
            chen,
            zhou,
            he,
            crew,
            legal,
            tap,
            bulb,
        };
        menu.sync_all().await;
        menu
    }

    pub fn everyone(&self) -> [&Phone; 6] {
        [&self.sun, &self.wang, &self.li, &self.chen, &self.zhou, &self.he]
    }

    pub async fn sync_all(&self) {
        for p in self.everyone() {
            p.sync().await;
        }
    }

    /// Grandma Wang orders `item` with a note and a preferred time, and it reaches the relay.
    pub async fn order(&self, item: &str) -> DocId {
        let id = self
            .wang
            .place_order(
                self.tree.community,
                item,
                &NewOrder {
                    preferred_time: Some("Saturday morning".into()),
                    note: "The kitchen tap drips all night".into(),
                    on_behalf_of: None,
                },
            )
            .expect("order");
        self.wang.sync().await;
        id
    }

    /// The order as `phone` holds it.
    pub fn seen_by(&self, phone: &Phone, order: DocId) -> OrderView {
        phone.order(order).expect("the order is on this phone")
    }
}
