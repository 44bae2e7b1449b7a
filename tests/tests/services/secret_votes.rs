//! Secret ballots through a real relay (议事): the ballots go to the relay alone; after the close
//! the relay seals the result into the proposal. A third member reading every value of the
//! synced document finds nobody's choice; each voter finds their receipt; an observer re-adds
//! the tally from the sealed ballots. A secret ballot after the close is refused with the reason.

use automerge::{AutoCommit, ObjId, ObjType, ROOT, ReadDoc, Value};
use jinlin_core::DocId;
use jinlin_model::DocKind;
use jinlin_model::docs::proposal::secret::receipt;
use jinlin_model::kinds::Threshold;
use jinlin_model::read;
use jinlin_tests::Phone;
use jinlin_tests::neighbourhood::DAY;

use crate::estate_vote::{Estate, HOUR, id, lifts, votes};
use crate::forged::forge;

async fn secret(e: &Estate) -> DocId {
    let mut new = lifts(50, Threshold::Majority);
    new.secret = true;
    e.propose(&new).await
}

async fn cast(phone: &Phone, p: DocId, choice: &str) -> String {
    phone
        .phone
        .cast_ballot(p, &[choice.to_string()])
        .await
        .expect("a secret ballot")
}

/// Every object of the document: its path, and every key and string it holds.
fn objects(doc: &AutoCommit, obj: ObjId, path: String, out: &mut Vec<(String, Vec<String>)>) {
    let mut words = Vec::new();
    let entries: Vec<(String, Value<'_>, ObjId)> = match doc.object_type(&obj) {
        Ok(ObjType::List | ObjType::Text) => (0..doc.length(&obj))
            .filter_map(|i| doc.get(&obj, i).ok().flatten().map(|(v, id)| (i.to_string(), v, id)))
            .collect(),
        _ => doc
            .map_range(&obj, ..)
            .map(|item| (item.key.to_string(), Value::from(item.value.clone()), item.id()))
            .collect(),
    };
    for (key, value, child) in entries {
        words.push(key.clone());
        match value {
            Value::Object(_) => objects(doc, child, format!("{path}/{key}"), out),
            Value::Scalar(s) => words.push(s.to_string()),
        }
    }
    out.push((path, words));
}

#[tokio::test]
async fn a_secret_vote_leaves_no_ones_choice_in_the_document_and_the_observer_re_adds_the_sealed_tally() {
    let e = Estate::new().await;
    let p = secret(&e).await;
    e.at(DAY + 2 * HOUR);
    let wangs = cast(&e.wang, p, "yes").await;
    e.at(DAY + 3 * HOUR);
    // Her son votes later for the same household: his ballot is the household's.
    let lis = cast(&e.li, p, "no").await;
    let chens = cast(&e.chen, p, "yes").await;
    let zhous = cast(&e.zhou, p, "yes").await;
    assert!(
        e.wang.vote(p, &["yes".into()]).is_err(),
        "a secret ballot is never written into the proposal on the phone"
    );
    assert!(e.he.phone.seal(p).await.is_err(), "nothing is sealed before the close");
    e.sync_all().await;
    assert!(
        e.seen_by(&e.he, p).ballots.is_empty(),
        "no ballot travels with the proposal"
    );

    e.at(DAY + 24 * HOUR);
    let sealed = e.he.phone.seal(p).await.expect("the observer asks for the seal");
    e.sync_all().await;

    // He, a third member, reads every value of the proposal as his phone holds it.
    let bytes = e.he.save_doc(p).expect("read").expect("the proposal");
    let doc = AutoCommit::load(&bytes).expect("load");
    let mut all = Vec::new();
    objects(&doc, ROOT, String::new(), &mut all);
    let voters: Vec<String> = [&e.wang, &e.li, &e.chen, &e.zhou]
        .iter()
        .map(|p| id(p).to_string())
        .collect();
    for (path, words) in &all {
        let names_a_voter = words.iter().any(|w| voters.contains(w));
        let holds_a_choice = words.iter().any(|w| w == "choices");
        assert!(
            !(names_a_voter && holds_a_choice),
            "{path} links a voter to a choice: {words:?}"
        );
        if names_a_voter {
            assert!(
                path.starts_with("/roll/"),
                "a voter is named only on the roll, not at {path}"
            );
        }
    }
    let ballots = read::obj(&doc, &ROOT, "ballots").expect("ballots");
    assert_eq!(doc.length(&ballots), 0);

    // The result, the same on every phone.
    let t = e.tally(&e.he, p);
    assert_eq!(
        (votes(&t, "yes"), votes(&t, "no"), t.voted, t.electorate),
        (2, 1, 3, 4),
        "{t:?}"
    );
    assert!(t.passed, "{t:?}");
    for phone in e.everyone() {
        assert_eq!(e.tally(phone, p), t, "{}", phone.name);
    }

    // Each voter finds their own receipt; Grandma Wang's was replaced by her son's.
    let view = e.seen_by(&e.he, p);
    let receipts: Vec<&str> = view
        .sealed
        .as_ref()
        .expect("sealed")
        .ballots
        .iter()
        .map(|b| b.receipt.as_str())
        .collect();
    assert_eq!(view.sealed.as_ref().expect("sealed"), &sealed);
    for r in [&lis, &chens, &zhous] {
        assert!(receipts.contains(&r.as_str()), "{r} counted");
    }
    assert!(
        !receipts.contains(&wangs.as_str()),
        "her household's later ballot counts"
    );
    let mine = e.chen.my_secret_ballot(p).expect("kept").expect("Chen's");
    assert_eq!(
        receipt(&mine.nonce, &mine.choices),
        chens,
        "Chen checks his receipt from what he chose"
    );
    let mut sorted = receipts.clone();
    sorted.sort_unstable();
    assert_eq!(receipts, sorted, "sealed by receipt, not by who or when");

    // The observer re-adds the tally from the sealed ballots alone.
    let sealed = view.sealed.as_ref().expect("sealed");
    let yes = sealed.ballots.iter().filter(|b| b.choices == [0]).count() as u32;
    assert_eq!(
        (yes, sealed.ballots.len() as u32, sealed.voted.len() as u32),
        (votes(&t, "yes"), t.voted, t.voted)
    );
}

#[tokio::test]
async fn a_secret_ballot_after_the_close_is_refused_with_the_reason_and_none_goes_into_the_document() {
    let e = Estate::new().await;
    let p = secret(&e).await;
    e.at(DAY + 2 * HOUR);
    let refused = e.he.phone.cast_ballot(p, &["yes".into()]).await;
    assert!(refused.is_err(), "He is on no household's roll");

    // Chen writes his ballot into the proposal past his phone: refused.
    let chen = id(&e.chen);
    let unit = e.seen_by(&e.chen, p).unit_of(chen).expect("on the roll").key.clone();
    let reason = forge(&e.chen, p, DocKind::Proposal, e.tree.estate, |d: &mut AutoCommit| {
        use automerge::transaction::Transactable;
        let ballots = read::obj(&*d, &ROOT, "ballots").expect("ballots");
        let b = d.put_object(&ballots, "mine", ObjType::Map).expect("entry");
        d.put(&b, "voter", chen.to_string()).expect("voter");
        d.put(&b, "unit", unit.as_str()).expect("unit");
        let c = d.put_object(&b, "choices", ObjType::List).expect("choices");
        d.insert(&c, 0, 0_i64).expect("yes");
        d.put(&b, "at", DAY + 2 * HOUR).expect("at");
    })
    .await
    .expect("refused");
    assert!(reason.contains("secret ballot"), "{reason}");

    // Zhou's ballot reaches the relay after the close (sent past his phone, whose own clock
    // already says the vote is closed).
    e.at(DAY + 24 * HOUR);
    assert!(e.zhou.phone.cast_ballot(p, &["no".into()]).await.is_err());
    let body = jinlin_model::docs::proposal::secret::SecretBallotBody {
        choices: vec![1],
        receipt: receipt("late", &[1]),
    };
    let late = e.zhou.client().cast_secret(p, &body).await.expect_err("refused");
    assert!(late.to_string().contains("after the close"), "{late}");
    let sealed = e.sun.phone.seal(p).await.expect("sealed");
    assert!(sealed.ballots.is_empty() && sealed.voted.is_empty(), "{sealed:?}");
}
