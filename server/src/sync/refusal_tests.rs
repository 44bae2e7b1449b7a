//! The relay's named refusals of an upload are entries of the model's table of refusals
//! (`jinlin_model::refusal`), so a phone says them in its reader's language. The scan that no
//! upload refusal is written as a literal is with the relay's other scans (`refusal_tests.rs`).

use jinlin_model::Language;
use jinlin_model::refusal::{self, Refusal};

#[test]
fn the_relays_named_refusals_are_said_in_chinese() {
    for reason in [
        super::NO_SUCH_DOCUMENT,
        super::STAFF_OF_PARENT,
        super::LEADER_MOVES_HOUSEHOLD,
        super::checks::PROPOSE,
        crate::grid::assignments::ASSIGNEE_MAY_NOT_READ,
        crate::grid::assignments::UNKNOWN_ASSIGNEE,
        crate::grid::assignments::UNKNOWN_TEAM,
    ] {
        assert!(refusal::code(reason).is_some(), "{reason}");
        assert_ne!(refusal::render(reason, Language::ZhHans), reason);
    }
    assert_eq!(
        refusal::render(&Refusal::GroupsPerDay.with(&[&20]), Language::ZhHans),
        "本设备今天新建的群组已达上限（20 个），请明天再试"
    );
}
