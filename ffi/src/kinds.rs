//! The core's small vocabularies as uniffi enums, converted both ways. Each match is exhaustive,
//! so a word added to the core fails to build here until it is mapped.

use jinlin_model::kinds as core;

macro_rules! mirror {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl From<core::$name> for $name {
            fn from(v: core::$name) -> Self {
                match v { $(core::$name::$variant => $name::$variant),+ }
            }
        }

        impl From<$name> for core::$name {
            fn from(v: $name) -> Self {
                match v { $($name::$variant => core::$name::$variant),+ }
            }
        }
    };
}

mirror!(
    /// Where a group sits: a community, an estate in it, or a building.
    GroupKind { Community, Estate, Building }
);

mirror!(
    /// A member's role in a group.
    Role {
        /// Lives here.
        Resident,
        /// Offers help.
        Volunteer,
        /// Speaks for a building.
        BuildingLeader,
        /// A grid worker.
        GridWorker,
        /// Community staff.
        Staff,
    }
);

mirror!(
    /// What kind of help a request asks for.
    RequestKind { Hospital, Errand, Repair, Companionship, Legal, Other }
);

mirror!(
    /// A skill a member offers.
    Skill { Driver, Nurse, Electrician, Legal, Mediation, Tutoring, Plumber }
);

mirror!(
    /// Where a request stands. `Done` and `Cancelled` are final.
    Status { Open, InProgress, Done, Cancelled }
);

mirror!(
    /// Where one sign-up stands: coming, waiting in line, or not yet seen by the relay.
    SignupState { Confirmed, Standby, Tentative }
);

mirror!(
    /// How closely a household is watched; sets how often it is visited.
    RiskTier { Red, Yellow, Blue }
);

mirror!(
    /// Circumstances a grid worker notes about a household.
    HouseholdFlag { LivesAlone, Elderly, Disability, LowIncome }
);

mirror!(
    /// How a door-to-door visit went.
    VisitOutcome { Met, NotHome, Refused }
);

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trips<C, F>(all: &[C])
    where
        C: Copy + PartialEq + std::fmt::Debug + From<F>,
        F: From<C>,
    {
        for v in all {
            assert_eq!(C::from(F::from(*v)), *v);
        }
    }

    #[test]
    fn every_word_of_every_vocabulary_crosses_the_boundary_and_back() {
        round_trips::<core::GroupKind, GroupKind>(core::GroupKind::ALL);
        round_trips::<core::Role, Role>(core::Role::ALL);
        round_trips::<core::RequestKind, RequestKind>(core::RequestKind::ALL);
        round_trips::<core::Skill, Skill>(core::Skill::ALL);
        round_trips::<core::Status, Status>(core::Status::ALL);
        round_trips::<core::SignupState, SignupState>(core::SignupState::ALL);
        round_trips::<core::RiskTier, RiskTier>(core::RiskTier::ALL);
        round_trips::<core::HouseholdFlag, HouseholdFlag>(core::HouseholdFlag::ALL);
        round_trips::<core::VisitOutcome, VisitOutcome>(core::VisitOutcome::ALL);
    }
}

mirror!(
    /// Where an order stands. `Done`, `Rated` and `Cancelled` are final.
    OrderStatus { Ordered, Dispatched, Accepted, Done, Rated, Cancelled }
);

mirror!(
    /// Where a need on the board stands. `Confirmed`, `Rated` and `Withdrawn` are final.
    BoardStatus { Wish, Open, Claimed, Resolved, Confirmed, Rated, Withdrawn }
);

mirror!(
    /// What sort of team: a skill team, a property service team, a partner organisation.
    TeamKind { Skill, Property, Partner }
);

mirror!(
    /// How a proposal's ballot is filled in: yes/no/abstain, one of N options, several of N.
    BallotKind { YesNo, OneOf, SeveralOf }
);

mirror!(
    /// Who votes on a proposal: every member on the roll, or one household one vote.
    Electorate { Members, Households }
);

mirror!(
    /// The share a proposal needs: more than half, or at least two thirds.
    Threshold { Majority, TwoThirds }
);

mirror!(
    /// Where a proposal stands: being discussed, being voted on, closed.
    ProposalStatus { Discussion, Voting, Closed }
);

mirror!(
    /// Where a need found on a visit (诉求) stands.
    NeedStatus { Recorded, Assigned, Resolved }
);

mirror!(
    /// Where a resident's photo report stands.
    ReportStatus { Raised, Assigned, Fixed, Checked, Closed }
);

mirror!(
    /// How a voice note is encoded: AAC in `.m4a` (Android's MediaRecorder, iOS's
    /// AVAudioRecorder) or Opus in Ogg.
    AudioType { Aac, Opus }
);
