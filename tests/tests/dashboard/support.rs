//! The community the dashboard's tests run in, on the shared [`Relay`] with phones of their own
//! stores, in the community → estate → building tree:
//!
//! ```text
//! Lianhua Community ── staff Ms Sun, grid worker Gao; Chen and Zhou volunteer (Property crew)
//! └ East Estate
//!     ├ Building 3 ── Grandma Wang (resident), Li (the building's leader)
//!     └ Building 5 ── Chen, Zhou, Ma (residents)
//! ```
//! The menu has "Fix a leaking tap" (staff dispatch it to the Property crew). Gao keeps a
//! household in each building, visited today, each with a need raised at the door, and Wu's in
//! building 3, never visited. Ma has photographed a broken stair light in building 5.

use base64::Engine as _;
use jinlin_core::{DocId, MemberId, Place, Role, Skill};
use jinlin_model::docs::group::NewTeam;
use jinlin_model::docs::group::menu::NewMenuItem;
use jinlin_model::docs::household::{NewHousehold, NewVisit, Resident};
use jinlin_model::docs::order::NewOrder;
use jinlin_model::kinds::{RiskTier, TeamKind, VisitOutcome};
use jinlin_tests::browser::Browser;
use jinlin_tests::{Phone, Relay, Tree, admit, tree};

pub struct Hood {
    pub relay: Relay,
    pub tree: Tree,
    pub sun: Phone,
    pub gao: Phone,
    pub wang: Phone,
    pub li: Phone,
    pub chen: Phone,
    pub zhou: Phone,
    pub ma: Phone,
    /// The Property crew's key.
    pub crew: String,
    /// "Fix a leaking tap".
    pub tap: String,
    /// Grandma Wang's household in building 3.
    pub home3: DocId,
    /// Ma's photo report.
    pub report: DocId,
}

/// A 16×16 red PNG, Ma's photo.
pub const PHOTO_PNG: &str =
    "iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFklEQVR42mM4YaNBEmIY1TCqYfhqAAAeBCwQMd+aqQAAAABJRU5ErkJggg==";

pub fn id(phone: &Phone) -> MemberId {
    phone.identity().expect("identity").expect("registered").member_id
}

impl Hood {
    pub async fn new() -> Hood {
        let relay = Relay::start().await;
        let sun = Phone::registered("Ms Sun", "1", &relay).await;
        let gao = Phone::registered("Gao", "1", &relay).await;
        let wang = Phone::registered("Grandma Wang", "3", &relay).await;
        let li = Phone::registered("Li", "3", &relay).await;
        let chen = Phone::registered("Chen", "5", &relay).await;
        let zhou = Phone::registered("Zhou", "5", &relay).await;
        let ma = Phone::registered("Ma", "5", &relay).await;
        let tree = tree(&sun).await;
        admit(&sun, &gao, tree.community, Role::GridWorker).await;
        admit(&sun, &wang, tree.b3, Role::Resident).await;
        li.join(&sun.invite_leader(tree.b3, "3").await).await;
        for p in [&chen, &zhou, &ma] {
            admit(&sun, p, tree.b5, Role::Resident).await;
        }
        for p in [&chen, &zhou] {
            admit(&sun, p, tree.community, Role::Volunteer).await;
        }
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
        let tap = sun
            .add_menu_item(
                tree.community,
                &NewMenuItem {
                    title: "Fix a leaking tap".into(),
                    description: "Washers and labour; parts at cost".into(),
                    team: crew.clone(),
                    price_fen: Some(1500),
                    unit: Some("per visit".into()),
                    hours: None,
                    direct: false,
                },
            )
            .expect("tap");
        sun.sync().await;
        chen.sync().await;
        chen.set_team_member(tree.community, &crew, id(&zhou), true)
            .expect("the leader adds Zhou");
        chen.sync().await;
        gao.sync().await;
        let household = |group: DocId, building: &str, name: &str, need: &str| {
            let h = gao
                .add_household(NewHousehold {
                    group_id: group,
                    building: building.into(),
                    unit: "101".into(),
                    residents: vec![Resident {
                        name: name.into(),
                        phone: Some("13800000000".into()),
                    }],
                    tier: RiskTier::Red,
                    flags: Vec::new(),
                })
                .expect("household");
            gao.log_visit(
                h,
                &NewVisit {
                    outcome: Some(VisitOutcome::Met),
                    note: Some("All well".into()),
                    needs: vec![need.into()],
                    ..Default::default()
                },
            )
            .expect("visit");
            h
        };
        let home3 = household(tree.b3, "3", "Grandma Wang", "Grab bar in the bathroom");
        household(tree.b5, "5", "Ma", "Stair light broken on floor 2");
        gao.add_household(NewHousehold {
            group_id: tree.b3,
            building: "3".into(),
            unit: "502".into(),
            residents: vec![Resident {
                name: "Wu".into(),
                phone: None,
            }],
            tier: RiskTier::Yellow,
            flags: Vec::new(),
        })
        .expect("household");
        gao.sync().await;
        let png = base64::engine::general_purpose::STANDARD
            .decode(PHOTO_PNG)
            .expect("png");
        let photo = ma.add_blob(tree.b5, &png).expect("photo");
        let report = ma
            .raise_report(
                tree.b5,
                "The stair light on floor 2 is broken",
                Place {
                    building: Some("5".into()),
                    unit: None,
                    ..Place::default()
                },
                std::slice::from_ref(&photo),
            )
            .expect("report");
        ma.sync().await;
        let hood = Hood {
            relay,
            tree,
            sun,
            gao,
            wang,
            li,
            chen,
            zhou,
            ma,
            crew,
            tap,
            home3,
            report,
        };
        for p in [&hood.sun, &hood.wang, &hood.li, &hood.chen, &hood.zhou, &hood.ma] {
            p.sync().await;
        }
        hood
    }

    /// The dashboard's address, in English (the tests read English words).
    pub fn dashboard(&self, path: &str) -> String {
        format!("{}/dashboard{path}", self.relay.url())
    }

    /// Grandma Wang orders a tap repair, and it reaches the relay.
    pub async fn order_tap(&self) -> DocId {
        let id = self
            .wang
            .place_order(
                self.tree.community,
                &self.tap,
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

    /// Opens the sign-in page in `browser` and returns the code it shows.
    pub async fn pairing_code(&self, browser: &Browser) -> String {
        browser.goto(&self.dashboard("/signin?lang=en")).await;
        let code = browser.wait_for("#pairing-code").await;
        browser.text(&code).await
    }

    /// `phone` approves the code `browser` shows, and the browser lands on the Now page.
    pub async fn sign_in(&self, browser: &Browser, phone: &Phone) {
        let code = self.pairing_code(browser).await;
        phone
            .client()
            .approve_dashboard(&code)
            .await
            .expect("the phone approves");
        browser.wait_for("#now-list").await;
    }
}

/// A browser, or the test returns (skipped) when Chromium is not installed and not required.
#[macro_export]
macro_rules! browser {
    () => {
        match jinlin_tests::browser::Browser::start().await {
            Some(b) => b,
            None => return,
        }
    };
}
