//! A phone's store copied while the phone lives on (a backup restored onto a new phone, a home
//! folder copied by hand): both copies keep writing, and every change of both reaches everyone.

use jinlin_core::{DocId, NewRequest, RequestKind, Role};
use jinlin_tests::{Phone, Relay};

/// Lianhua Community (staff Ms Sun) ── East Estate ── Building 3 (Grandma Wang, Li) and
/// Building 5 (Chen). Returns the estate and Building 3.
async fn estate(sun: &Phone, building_3: &[&Phone], building_5: &[&Phone]) -> (DocId, DocId) {
    let jinlin_tests::Tree { estate, b3, b5, .. } = jinlin_tests::tree(sun).await;
    for (group, phones) in [(b3, building_3), (b5, building_5)] {
        let code = sun.invite(group, Role::Volunteer).await;
        for phone in phones {
            phone.join(&code).await;
        }
    }
    (estate, b3)
}

fn comments(phone: &Phone, request: DocId) -> Vec<String> {
    let mut texts: Vec<String> = phone
        .request(request)
        .expect("the request is on this phone")
        .comments
        .into_iter()
        .map(|c| format!("{}: {}", c.author_name, c.text))
        .collect();
    texts.sort();
    texts
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_home_copied_while_the_phone_lives_writes_as_its_own_actor_and_every_phone_gets_both_changes() {
    let relay = Relay::start().await;
    let sun = Phone::registered("Ms Sun", "1", &relay).await;
    let wang = Phone::registered("Grandma Wang", "3", &relay).await;
    let li = Phone::registered("Li", "3", &relay).await;
    let chen = Phone::registered("Chen", "5", &relay).await;
    let (estate, building_3) = estate(&sun, &[&wang, &li], &[&chen]).await;

    // Chen asks the estate for help; Grandma Wang asks her building. Her phone has written to
    // both documents before it is copied.
    let groceries = chen
        .raise(NewRequest::new(
            estate,
            RequestKind::Errand,
            "Carry my groceries upstairs",
        ))
        .expect("raise");
    chen.sync().await;
    let ride = wang.raise_ride(building_3, 1);
    wang.comment(ride, "I am at the gate").expect("comment");
    wang.sync().await;
    wang.comment(groceries, "I can hold the door").expect("comment");
    wang.sync().await;

    let restored = wang.copied("Grandma Wang's new phone");
    // Both copies write to both documents, each after the same history.
    wang.comment(ride, "from the old phone").expect("old phone writes");
    restored.comment(ride, "from the new phone").expect("new phone writes");
    wang.comment(groceries, "old phone: coming down")
        .expect("old phone writes");
    restored
        .comment(groceries, "new phone: coming down")
        .expect("new phone writes");

    let old = wang.sync().await;
    assert!(old.rejected.is_empty() && old.pending == 0, "{old:?}");
    let new = restored.sync().await;
    assert!(
        new.rejected.is_empty() && new.pending == 0,
        "the copy's changes are taken, not refused: {new:?}"
    );
    wang.sync().await;

    let ride_comments = vec![
        "Grandma Wang: I am at the gate".to_string(),
        "Grandma Wang: from the new phone".to_string(),
        "Grandma Wang: from the old phone".to_string(),
    ];
    let groceries_comments = vec![
        "Grandma Wang: I can hold the door".to_string(),
        "Grandma Wang: new phone: coming down".to_string(),
        "Grandma Wang: old phone: coming down".to_string(),
    ];
    // Her building and the community's staff read her ride; the whole estate reads Chen's.
    for phone in [&sun, &li, &wang, &restored] {
        phone.sync().await;
        assert_eq!(
            comments(phone, ride),
            ride_comments,
            "{} has both of her ride's changes",
            phone.name
        );
    }
    for phone in [&sun, &li, &chen, &wang, &restored] {
        phone.sync().await;
        assert_eq!(
            comments(phone, groceries),
            groceries_comments,
            "{} has both changes to Chen's request",
            phone.name
        );
    }
    assert!(
        chen.request(ride).is_err(),
        "Building 5 does not read Building 3's ride"
    );
    for phone in [&wang, &restored] {
        assert!(
            phone.unsynced_docs().expect("outbox").is_empty(),
            "{} has nothing stuck",
            phone.name
        );
    }
}
