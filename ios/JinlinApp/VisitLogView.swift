// The visit log: households due a visit in walking order (tap one to log the visit, with the
// needs found and the day to come back), where to go back, each household's open needs, the
// visits logged, and the requests this member is helping with. A visit is logged with where the
// worker stood when she allowed the app to know the phone's position (`PhoneWhereabouts`). State
// comes from `VisitLogModel`; this only renders it.

import JinlinKit
import SwiftUI

@MainActor
struct VisitLogView: View {
    @StateObject private var model: VisitLogModel
    @State private var logging: HouseholdSummary?

    init(jinlin: Jinlin) {
        _model = StateObject(wrappedValue: VisitLogModel(jinlin: jinlin, whereabouts: PhoneWhereabouts.shared))
    }

    var body: some View {
        let state = model.state
        NavigationStack {
            List {
                if let error = state.error {
                    Text(verbatim: words(for: error)).foregroundStyle(.red)
                }
                if state.offline { Text("error_offline") }
                Section("visits_helping") {
                    if state.helping.isEmpty { Text("visits_none_open") }
                    ForEach(state.helping, id: \.id) { r in
                        Text(verbatim: [r.what, r.status.label, r.requester.name].joined(separator: " · "))
                    }
                }
                if state.keepsLog {
                    Section("visits_due") {
                        ForEach(state.due, id: \.id) { h in
                            let residents = h.residents.joined(separator: String(localized: "list_separator"))
                            Button {
                                logging = h
                            } label: {
                                Text(verbatim: "\(h.building)-\(h.unit) · \(residents) · \(h.tier.label)")
                            }
                            .accessibilityHint("visits_log_hint")
                        }
                    }
                    Section("visits_follow_ups") {
                        ForEach(state.followUps, id: \.id) { v in
                            let home = state.households.first { $0.id == v.householdId }
                            let place = home.map { "\($0.building)-\($0.unit)" }
                            let backOn = v.followUp.map { String(localized: "visits_back_on \($0)") }
                            Text(verbatim: [place, backOn].compactMap { $0 }.joined(separator: " · "))
                        }
                    }
                    Section("visits_needs") {
                        ForEach(state.households.filter { $0.openNeeds > 0 }, id: \.id) { h in
                            let count = String(localized: "visits_open_needs \(Int(h.openNeeds))")
                            Text(verbatim: "\(h.building)-\(h.unit) · \(count)")
                        }
                    }
                    Section("visits_logged") {
                        ForEach(state.visits, id: \.id) { v in
                            let backOn = v.followUp.map { String(localized: "visits_back_on \($0)") }
                            let at = v.position.map { String(localized: "visits_logged_at \($0)") }
                            Text(verbatim: [v.outcome.label, v.note, backOn, at].compactMap { $0 }.joined(separator: " · "))
                        }
                    }
                }
            }
            .navigationTitle("tab_visits")
            .sheet(item: $logging) { household in
                LogVisitForm(household: household) { outcome, note, needs, followUp in
                    logging = nil
                    Task {
                        await model.handle(.log(
                            householdId: household.id, outcome: outcome, note: note, needs: needsTyped(needs),
                            followUp: followUp
                        ))
                    }
                }
            }
        }
        .task { await model.run() }
    }
}

extension HouseholdSummary: Identifiable {}

private struct LogVisitForm: View {
    let household: HouseholdSummary
    let onLog: (VisitOutcome, String, String, String) -> Void
    @State private var outcome: VisitOutcome = .met
    @State private var note = ""
    @State private var needs = ""
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
            TextField("visit_needs", text: $needs)
            TextField("visit_follow_up", text: $followUp)
            Button("visit_log") { onLog(outcome, note, needs, followUp) }
        }
    }
}
