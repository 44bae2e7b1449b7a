//! A grid worker's whole day: register households, walk the due list in building and floor
//! order, log visits with needs and a photo, hand needs on and resolve them, and carry a
//! resident's photo report from raised to closed while the resident watches each step.

use jinlin_core::Place;
use jinlin_core::net::photos;
use jinlin_model::dates::Date;
use jinlin_model::docs::household::{Assignee, NewVisit};
use jinlin_model::kinds::{NeedStatus, ReportStatus, RiskTier, VisitOutcome};

use crate::patch::{household, member, patch};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_grid_workers_day_runs_from_the_due_list_to_closed_reports() {
    let p = patch().await;
    let (worker, staff, resident) = (&p.worker, &p.staff, &p.resident);

    // Morning, no signal: register the patch.
    let high = household(worker, p.group, "3", "1202", RiskTier::Red);
    let low = household(worker, p.group, "3", "301", RiskTier::Yellow);
    let first = household(worker, p.group, "1", "502", RiskTier::Blue);

    // The walk: building, then floor.
    let due: Vec<_> = worker.due_households(None).expect("due").iter().map(|h| h.id).collect();
    assert_eq!(due, vec![first, low, high]);

    // At the first door: a need for later, one fixed on the spot, a photo, a follow-up.
    let photo: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
    let hash = worker.add_blob(p.group, &photo).expect("photo kept");
    let visit = worker
        .log_visit(
            first,
            &NewVisit {
                outcome: Some(VisitOutcome::Met),
                note: Some("Knee pain, cannot take the stairs".into()),
                needs: vec!["Deliver blood-pressure medicine".into()],
                resolved_on_the_spot: vec!["Replace the door light".into()],
                follow_up: Some(Date::parse("2030-01-15").expect("date")),
                gps: Some((31.23, 121.47)),
                photos: vec![hash.clone()],
            },
        )
        .expect("visit logged offline");
    worker
        .log_visit(
            low,
            &NewVisit {
                outcome: Some(VisitOutcome::NotHome),
                ..NewVisit::default()
            },
        )
        .expect("second visit");

    let due: Vec<_> = worker.due_households(None).expect("due").iter().map(|h| h.id).collect();
    // Knocking on a door nobody opens is not a visit: that household stays due.
    assert_eq!(due, vec![low, high], "only households reached leave the due list");
    let coverage = worker.coverage(None).expect("coverage");
    assert_eq!(
        coverage
            .iter()
            .map(|c| (c.building.as_str(), c.visited, c.total))
            .collect::<Vec<_>>(),
        vec![("1", 1, 1), ("3", 0, 2)]
    );
    assert_eq!(worker.open_follow_ups(None).expect("follow-ups")[0].id, visit);
    let needs = worker.needs(None, None, false).expect("needs");
    assert_eq!(needs.len(), 2);
    let open = needs
        .iter()
        .find(|n| n.status == NeedStatus::Recorded)
        .expect("open need");
    assert!(needs.iter().any(|n| n.on_the_spot && n.status == NeedStatus::Resolved));

    // Back in signal: everything goes up, the photo included.
    let report = worker.sync().await;
    assert!(report.rejected.is_empty(), "{:?}", report.rejected);
    assert_eq!(report.blobs_pending, 0);
    assert!(worker.pending_blobs().expect("pending").is_empty());

    // The need goes to staff with a due date; staff resolve it.
    worker
        .assign_need(
            &open.id,
            &Assignee::Member(member(staff)),
            Some(Date::parse("2030-01-10").expect("date")),
        )
        .expect("assigned");
    worker.sync().await;
    staff.sync().await;
    let at_staff = staff.needs(None, Some(NeedStatus::Assigned), false).expect("needs");
    assert_eq!(at_staff.len(), 1);
    assert_eq!(at_staff[0].assignee, Some(member(staff)));
    staff.resolve_need(&open.id, Some("Delivered")).expect("resolved");
    staff.sync().await;
    worker.sync().await;
    let resolved = worker.needs(None, Some(NeedStatus::Resolved), false).expect("needs");
    assert_eq!(resolved.len(), 2);

    // Staff look at the visit's photo: fetched from the relay only now, whole.
    assert_eq!(staff.blob(&hash).expect("blob"), None, "photos do not travel with sync");
    let fetched = photos::fetch_blob(staff, &staff.client(), &hash, None)
        .await
        .expect("fetched");
    assert_eq!(fetched, photo);
    assert_eq!(staff.blob(&hash).expect("blob"), Some(photo));

    // A resident photographs a leaking pipe.
    let pipe = b"a photo of a leaking pipe".to_vec();
    let pipe_hash = resident.add_blob(p.group, &pipe).expect("photo");
    let raised = resident
        .raise_report(
            p.group,
            "The pipe under the stairs is leaking",
            Place {
                building: Some("3".into()),
                unit: Some("301".into()),
                ..Place::default()
            },
            std::slice::from_ref(&pipe_hash),
        )
        .expect("report raised");
    resident.sync().await;
    worker.sync().await;
    let seen = worker.report(raised).expect("the worker gets the report");
    assert_eq!(seen.status, ReportStatus::Raised);
    assert_eq!(
        photos::fetch_blob(worker, &worker.client(), &pipe_hash, Some(p.group))
            .await
            .expect("photo"),
        pipe
    );

    // Assigned → fixed → checked → closed; the reporter sees every step.
    let steps = [
        (worker, ReportStatus::Assigned),
        (staff, ReportStatus::Fixed),
        (worker, ReportStatus::Checked),
        (worker, ReportStatus::Closed),
    ];
    for (who, step) in steps {
        who.sync().await;
        let assignee = (step == ReportStatus::Assigned).then(|| member(staff));
        who.report_step(raised, step, assignee, None).expect("step");
        who.sync().await;
        resident.sync().await;
        assert_eq!(resident.report(raised).expect("report").status, step);
    }
    let history: Vec<String> = resident
        .report(raised)
        .expect("report")
        .steps
        .iter()
        .map(|s| s.step.clone())
        .collect();
    assert_eq!(history, ["assigned", "fixed", "checked", "closed"]);
}
