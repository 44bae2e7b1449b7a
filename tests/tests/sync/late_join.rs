//! A member who joins late receives the group's whole history; groups nest, so a building's
//! member also reads its estate's and community's requests.

use jinlin_core::SignupState::Confirmed;
use jinlin_core::{GroupKind, RequestFilter, Role};
use jinlin_tests::{Phone, Relay, community};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_who_joins_late_receives_the_whole_history() {
    let relay = Relay::start().await;
    let grandma = Phone::registered("Grandma Wang", "3", &relay).await;
    let chen = Phone::registered("Chen", "3", &relay).await;
    let group = community(&grandma, &[&chen]).await;
    let ride = grandma.raise_ride(group, 1);
    let errand = grandma
        .raise(jinlin_core::NewRequest::new(
            group,
            jinlin_core::RequestKind::Errand,
            "Rice and eggs",
        ))
        .expect("raise");
    grandma.sync().await;
    chen.sync().await;
    chen.accept(ride).expect("accept");
    chen.comment(ride, "Leaving now").expect("comment");
    chen.sync().await;
    grandma.cancel(errand).expect("cancel");
    grandma.sync().await;

    let liu = Phone::registered("Liu", "7", &relay).await;
    let code = grandma.invite(group, Role::Resident).await;
    liu.join(&code).await;

    let members: Vec<String> = liu
        .group(group)
        .expect("group")
        .members
        .into_iter()
        .map(|m| m.name)
        .collect();
    assert_eq!(members, vec!["Chen", "Grandma Wang", "Liu"]);
    let seen = liu.request(ride).expect("the ride arrived");
    assert_eq!(seen.signups.len(), 1);
    assert_eq!(
        (seen.signups[0].member_name.as_str(), seen.signups[0].state),
        ("Chen", Confirmed)
    );
    assert_eq!(seen.comments[0].text, "Leaving now");
    assert_eq!(
        liu.request(errand).expect("the errand arrived").status,
        jinlin_core::Status::Cancelled
    );
    assert_eq!(liu.list_requests(&RequestFilter::default()).expect("list").len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_of_a_building_also_receives_the_requests_of_its_estate_and_community() {
    let relay = Relay::start().await;
    let staff = Phone::registered("Staff Sun", "1", &relay).await;
    let community = staff
        .create_group("Lianhua Community", GroupKind::Community, None)
        .expect("community");
    let estate = staff
        .create_group("Garden Estate", GroupKind::Estate, Some(community))
        .expect("estate");
    let building = staff
        .create_group("Building 3", GroupKind::Building, Some(estate))
        .expect("building");
    let notice = staff.raise_ride(community, 2);
    staff.sync().await;

    let chen = Phone::registered("Chen", "3", &relay).await;
    let code = staff.invite(building, Role::Volunteer).await;
    chen.join(&code).await;
    assert!(
        chen.request(notice).is_ok(),
        "a community request reaches a building member"
    );
    let groups: Vec<String> = chen.groups().expect("groups").into_iter().map(|g| g.name).collect();
    assert_eq!(groups.len(), 3, "{groups:?}");
    let listed = chen
        .list_requests(&RequestFilter {
            group: Some(community),
            status: None,
        })
        .expect("list");
    assert_eq!(listed.len(), 1);
}
