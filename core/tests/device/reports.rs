//! A resident's photo report, from the leaking pipe to the closed report.

use jinlin_core::{Error, GroupKind, Place};
use jinlin_model::kinds::ReportStatus;

use crate::support::{MiniRelay, clock, device};

#[test]
fn a_photo_report_goes_from_raised_to_closed_and_the_reporter_sees_each_step() {
    let c = clock();
    let worker = device("Worker", "1", &c);
    let resident = device("Resident", "2", &c);
    let g = worker
        .create_group("Garden Estate", GroupKind::Estate, None)
        .expect("group");
    let mut relay = MiniRelay::default();
    relay.sync_all(&[&worker, &resident]);

    let photo = vec![0xffu8, 0xd8, 0xff, 0xe0, 1, 2, 3, 4];
    let hash = resident.add_blob(g, &photo).expect("photo");
    let report = resident
        .raise_report(
            g,
            "Pipe leaking in the stairwell, floor 3",
            Place::default(),
            std::slice::from_ref(&hash),
        )
        .expect("report");
    relay.sync_all(&[&resident, &worker]);

    let seen = worker.report(report).expect("worker sees it");
    assert_eq!(seen.status, ReportStatus::Raised);
    assert_eq!(seen.photos, vec![hash.clone()]);
    assert_eq!(
        seen.place.building.as_deref(),
        Some("2"),
        "defaults to the reporter's building"
    );

    let me = worker.identity().expect("id").expect("some").member_id;
    worker
        .report_step(report, ReportStatus::Assigned, Some(me), Some("property team"))
        .expect("assign");
    c.advance(3_600_000);
    worker
        .report_step(report, ReportStatus::Fixed, None, Some("new seal"))
        .expect("fixed");
    c.advance(600_000);
    worker
        .report_step(report, ReportStatus::Checked, None, None)
        .expect("checked");
    worker
        .report_step(report, ReportStatus::Closed, None, None)
        .expect("closed");
    relay.sync_all(&[&worker, &resident]);

    let mine = resident.report(report).expect("resident sees it");
    assert_eq!(mine.status, ReportStatus::Closed);
    let steps: Vec<_> = mine.steps.iter().map(|s| s.step.as_str()).collect();
    assert_eq!(steps, vec!["assigned", "fixed", "checked", "closed"]);
    assert_eq!(
        resident
            .reports(Some(g), Some(ReportStatus::Closed))
            .expect("list")
            .len(),
        1
    );
}

#[test]
fn a_resident_cannot_close_a_report_and_a_fix_is_checked_only_after_it_is_fixed() {
    let c = clock();
    let worker = device("Worker", "1", &c);
    let g = worker
        .create_group("Garden Estate", GroupKind::Estate, None)
        .expect("group");
    let report = worker
        .raise_report(g, "Dark stairwell", Place::default(), &[])
        .expect("report");
    let err = worker
        .report_step(report, ReportStatus::Checked, None, None)
        .expect_err("not fixed yet");
    assert!(err.to_string().contains("cannot be marked checked"), "{err}");

    let resident = device("Resident", "2", &c);
    let mut relay = MiniRelay::default();
    relay.sync_all(&[&worker, &resident]);
    let err = resident
        .report_step(report, ReportStatus::Closed, None, None)
        .expect_err("resident");
    assert!(matches!(err, Error::NotAllowed(_)), "{err}");
}

#[test]
fn attachments_are_content_addressed_size_limited_and_verified() {
    let c = clock();
    let worker = device("Worker", "1", &c);
    let g = worker
        .create_group("Garden Estate", GroupKind::Estate, None)
        .expect("group");
    let a = worker.add_blob(g, b"photo bytes").expect("blob");
    assert_eq!(
        worker.add_blob(g, b"photo bytes").expect("again"),
        a,
        "the same photo is stored once"
    );
    assert_eq!(worker.blob(&a).expect("get").as_deref(), Some(&b"photo bytes"[..]));
    assert_eq!(worker.pending_blobs().expect("pending").len(), 1);
    worker.record_blob_upload(&a, 5).expect("partial");
    assert_eq!(
        worker.pending_blobs().expect("pending")[0].uploaded,
        5,
        "an upload resumes from byte 5"
    );
    worker.record_blob_upload(&a, 11).expect("done");
    assert!(worker.pending_blobs().expect("pending").is_empty());

    let too_big = vec![0u8; jinlin_model::photo::MAX_BLOB_BYTES + 1];
    assert!(matches!(worker.add_blob(g, &too_big), Err(Error::TooLong { .. })));
    let other = jinlin_model::photo::hash_of(b"something else");
    assert!(
        worker.put_fetched_blob(g, &other, b"tampered").is_err(),
        "bytes that do not match the hash are refused"
    );
    assert!(
        worker.raise_report(g, "x", Place::default(), &[other]).is_err(),
        "photos must be on the device"
    );
}
