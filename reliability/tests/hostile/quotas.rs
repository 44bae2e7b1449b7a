//! Quotas: one stranger once made 360 groups and 2,000 invite codes. A device may create so many
//! groups and invite codes a day; past that the relay refuses with a reason, and other devices are
//! not affected.

use jinlin_core::GroupKind;
use jinlin_core::Role;
use jinlin_model::protocol::CreateInvite;

use jinlin_tests::Relay;

use crate::common::{HostileRelay, client};

async fn strict() -> Relay {
    Relay::start_with(move |s| {
        s.limits.groups_per_day = 2;
        s.limits.invites_per_day = 3;
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_creates_only_so_many_groups_a_day() {
    let relay = strict().await;
    let stranger = relay.phone("Stranger", "9", "901").await;
    for i in 0..2 {
        stranger
            .create_group(&format!("Group {i}"), GroupKind::Community, None)
            .expect("group");
    }
    let report = stranger.sync().await;
    assert!(report.rejected.is_empty(), "{report:?}");
    let third = stranger
        .create_group("One too many", GroupKind::Community, None)
        .expect("the phone keeps it");
    let report = stranger.sync().await;
    assert_eq!(report.rejected.len(), 1, "{report:?}");
    assert!(report.rejected[0].reason.contains("as many groups today"), "{report:?}");
    assert_eq!(report.rejected[0].doc_id, third);
    assert_eq!(relay.stats().groups, 2, "the relay keeps two");

    // Someone else is not held back by the stranger's quota.
    let office = relay.phone("Office", "1", "101").await;
    office
        .create_group("Lianhua Community", GroupKind::Community, None)
        .expect("group");
    assert!(office.sync().await.rejected.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_makes_only_so_many_invite_codes_a_day() {
    let relay = strict().await;
    let staff = relay.phone("Office", "1", "101").await;
    let group = staff
        .create_group("Lianhua Community", GroupKind::Community, None)
        .expect("group");
    let report = staff.sync().await;
    assert!(report.rejected.is_empty());
    let terms = CreateInvite {
        role: Role::Resident,
        uses: 1,
        expires_in_secs: 600,
        building: None,
    };
    for _ in 0..3 {
        client(&staff).create_invite(group, &terms).await.expect("invite");
    }
    let refused = client(&staff).create_invite(group, &terms).await;
    assert!(
        matches!(&refused, Err(jinlin_core::Error::Relay { status: 429, message, .. }) if message.contains("invite codes today")),
        "{refused:?}"
    );
}
