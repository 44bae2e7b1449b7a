//! An estate that votes (议事): the shared [`Relay`] with a hand-set clock, phones on the same
//! clock, a community → estate → two buildings, and the household registry with each home's
//! adult members linked to it:
//!
//! ```text
//! Lianhua Community ── staff Ms Sun (keeps the registry, proposes)
//! └ East Estate ── He (volunteer; observes, is on no household)
//!     ├ Building 3 ── household 3-1202: Grandma Wang and her son Li; household 3-802: nobody
//!     │               with Jinlin (on the roll, cannot vote)
//!     └ Building 5 ── household 5-601: Chen; household 5-602: Zhou
//! ```

use jinlin_core::{DocId, MemberId, Millis, Role};
use jinlin_model::Clock;
use jinlin_model::docs::household::{NewHousehold, Resident};
use jinlin_model::docs::proposal::{NewProposal, ProposalView, Tally};
use jinlin_model::kinds::{BallotKind, Electorate, RiskTier, Threshold};
use jinlin_tests::neighbourhood::DAY;
use jinlin_tests::{Phone, Relay, Tree, admit, tree};

/// An hour, in milliseconds.
pub const HOUR: Millis = 3_600_000;

pub struct Estate {
    pub relay: Relay,
    pub tree: Tree,
    pub sun: Phone,
    pub wang: Phone,
    pub li: Phone,
    pub chen: Phone,
    pub zhou: Phone,
    pub he: Phone,
    /// Household 3-1202 (Grandma Wang and Li).
    pub h1202: DocId,
}

pub fn id(phone: &Phone) -> MemberId {
    phone.identity().expect("identity").expect("registered").member_id
}

fn home(sun: &Phone, group: DocId, building: &str, unit: &str, names: &[&str]) -> DocId {
    sun.add_household(NewHousehold {
        group_id: group,
        building: building.into(),
        unit: unit.into(),
        residents: names
            .iter()
            .map(|n| Resident {
                name: n.to_string(),
                phone: None,
            })
            .collect(),
        tier: RiskTier::Blue,
        flags: Vec::new(),
    })
    .expect("household")
}

/// A proposal put to households: yes/no, quorum `quorum_pct`, `threshold`, voting from an hour
/// after [`DAY`] to a day after it.
pub fn lifts(quorum_pct: u32, threshold: Threshold) -> NewProposal {
    NewProposal {
        title: "Replace the three lifts".into(),
        text: "Three quotes are attached; the maintenance fund pays.".into(),
        photos: Vec::new(),
        ballot: BallotKind::YesNo,
        options: Vec::new(),
        most: 1,
        electorate: Electorate::Households,
        quorum_pct,
        threshold,
        opens_at: DAY + HOUR,
        closes_at: DAY + 24 * HOUR,
        early_close: false,
        secret: false,
    }
}

impl Estate {
    pub async fn new() -> Estate {
        let relay = Relay::clocked(DAY).await;
        let on = |name: &'static str, b: &'static str| Phone::registered_on_relay_clock(name, b, &relay);
        let sun = on("Ms Sun", "1").await;
        let wang = on("Grandma Wang", "3").await;
        let li = on("Li", "3").await;
        let chen = on("Chen", "5").await;
        let zhou = on("Zhou", "5").await;
        let he = on("He", "3").await;
        let tree = tree(&sun).await;
        for p in [&wang, &li] {
            admit(&sun, p, tree.b3, Role::Resident).await;
        }
        for p in [&chen, &zhou] {
            admit(&sun, p, tree.b5, Role::Resident).await;
        }
        admit(&sun, &he, tree.estate, Role::Volunteer).await;
        sun.sync().await;
        let h1202 = home(&sun, tree.b3, "3", "1202", &["Grandma Wang", "Li"]);
        // On the roll, with nobody to vote for it.
        home(&sun, tree.b3, "3", "802", &["Mr Qian"]);
        let h601 = home(&sun, tree.b5, "5", "601", &["Chen"]);
        let h602 = home(&sun, tree.b5, "5", "602", &["Zhou"]);
        for (h, p) in [(h1202, &wang), (h1202, &li), (h601, &chen), (h602, &zhou)] {
            sun.link_voter(h, id(p), true).expect("link");
        }
        sun.sync().await;
        let estate = Estate {
            relay,
            tree,
            sun,
            wang,
            li,
            chen,
            zhou,
            he,
            h1202,
        };
        estate.sync_all().await;
        estate
    }

    pub fn everyone(&self) -> [&Phone; 6] {
        [&self.sun, &self.wang, &self.li, &self.chen, &self.zhou, &self.he]
    }

    pub async fn sync_all(&self) {
        for p in self.everyone() {
            p.sync().await;
        }
    }

    /// Ms Sun puts `new` to the estate; everyone has it.
    pub async fn propose(&self, new: &NewProposal) -> DocId {
        let id = self.sun.propose(self.tree.estate, new).expect("proposal");
        self.sun.sync().await;
        self.sync_all().await;
        id
    }

    /// Moves the relay's (and every phone's) clock to `at`.
    pub fn at(&self, at: Millis) {
        let now = self.relay.clock().now_ms();
        assert!(at >= now, "the clock only moves forward");
        self.relay.advance(at - now);
    }

    /// `phone` votes `choices` and the ballot reaches the relay.
    pub async fn vote(&self, phone: &Phone, proposal: DocId, choices: &[&str]) {
        let choices: Vec<String> = choices.iter().map(|c| c.to_string()).collect();
        phone.vote(proposal, &choices).expect("ballot");
        phone.sync().await;
    }

    /// The proposal as `phone` holds it.
    pub fn seen_by(&self, phone: &Phone, proposal: DocId) -> ProposalView {
        phone.proposal(proposal).expect("the proposal is on this phone")
    }

    /// The result as `phone` computes it.
    pub fn tally(&self, phone: &Phone, proposal: DocId) -> Tally {
        phone.tally(proposal).expect("tally")
    }
}

/// The votes of `option` in a tally.
pub fn votes(t: &Tally, option: &str) -> u32 {
    t.counts.iter().find(|c| c.option == option).map_or(0, |c| c.votes)
}
