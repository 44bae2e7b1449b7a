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
                Section("Requests you are helping with") {
                    ForEach(helping, id: \.id) { r in
                        Text("\(r.text) · \(r.requester.name)")
                    }
                }
                if !due.isEmpty || !visits.isEmpty {
                    Section("Households due a visit") {
                        ForEach(due, id: \.id) { h in
                            Button("\(h.building)-\(h.unit) · \(h.residents.joined(separator: ", "))") { logging = h }
                        }
                    }
                    Section("Visits logged") {
                        ForEach(visits, id: \.id) { v in
                            Text([String(describing: v.outcome), v.note, v.followUp.map { "back on \($0)" }]
                                .compactMap { $0 }.joined(separator: " · "))
                        }
                    }
                }
            }
            .navigationTitle("Visit log")
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

    var body: some View {
        Form {
            Picker("How it went", selection: $outcome) {
                Text("Met").tag(VisitOutcome.met)
                Text("Not home").tag(VisitOutcome.notHome)
                Text("Refused").tag(VisitOutcome.refused)
            }
            TextField("Notes", text: $note)
            TextField("Come back on (YYYY-MM-DD)", text: $followUp)
            Button("Log visit") { onLog(outcome, note, followUp) }
        }
    }
}
