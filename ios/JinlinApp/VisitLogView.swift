// The visit log: households due a visit in walking order (tap one to log the visit), the visits
// logged, and the requests this member is helping with.

import JinlinKit
import SwiftUI

struct VisitLogView: View {
    @EnvironmentObject private var model: AppModel
    @State private var due: [HouseholdSummary] = []
    @State private var visits: [VisitView] = []
    @State private var helping: [RequestView] = []
    @State private var logging: HouseholdSummary?
    @State private var refresh = 0

    var body: some View {
        NavigationStack {
            List {
                Section("visits_helping") {
                    if helping.isEmpty { Text("visits_none_open") }
                    ForEach(helping, id: \.id) { r in
                        Text(verbatim: [r.text, r.status.label, r.requester.name].joined(separator: " · "))
                    }
                }
                if !due.isEmpty || !visits.isEmpty {
                    Section("visits_due") {
                        ForEach(due, id: \.id) { h in
                            let residents = h.residents.joined(separator: String(localized: "list_separator"))
                            Button {
                                logging = h
                            } label: {
                                Text(verbatim: "\(h.building)-\(h.unit) · \(residents) · \(h.tier.label)")
                            }
                            .accessibilityHint("visits_log_hint")
                        }
                    }
                    Section("visits_logged") {
                        ForEach(visits, id: \.id) { v in
                            let backOn = v.followUp.map { String(localized: "visits_back_on \($0)") }
                            Text(verbatim: [v.outcome.label, v.note, backOn].compactMap { $0 }.joined(separator: " · "))
                        }
                    }
                }
            }
            .navigationTitle("tab_visits")
            .sheet(item: $logging) { household in
                LogVisitForm(household: household) { outcome, note, followUp in
                    model.act { jinlin in
                        _ = try await jinlin.logVisit(
                            householdId: household.id, outcome: outcome,
                            note: note.isEmpty ? nil : note, followUp: followUp.isEmpty ? nil : followUp
                        )
                        refresh += 1
                    }
                    logging = nil
                }
            }
        }
        .task(id: refresh) {
            guard let jinlin = model.jinlin else { return }
            due = (try? await jinlin.dueHouseholds()) ?? []
            visits = (try? await jinlin.visits(limit: 30)) ?? []
            helping = (try? await jinlin.followUps()) ?? []
        }
    }
}

extension HouseholdSummary: Identifiable {}

private struct LogVisitForm: View {
    let household: HouseholdSummary
    let onLog: (VisitOutcome, String, String) -> Void
    @State private var outcome: VisitOutcome = .met
    @State private var note = ""
    @State private var followUp = ""

    private var place: String { "\(household.building)-\(household.unit)" }

    var body: some View {
        Form {
            Section {
                Text("visit_title \(place)").font(.headline)
            }
            Picker("visit_outcome", selection: $outcome) {
                ForEach([VisitOutcome.met, .notHome, .refused], id: \.self) { o in
                    Text(verbatim: o.label).tag(o)
                }
            }
            TextField("visit_notes", text: $note)
            TextField("visit_follow_up", text: $followUp)
            Button("visit_log") { onLog(outcome, note, followUp) }
        }
    }
}
