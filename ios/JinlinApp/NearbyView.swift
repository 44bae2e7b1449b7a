// Open requests from neighbours, urgent and nearest first, each with "I can help" and "Not now".
// State comes from `NearbyModel`; this only renders it.

import JinlinKit
import SwiftUI

@MainActor
struct NearbyView: View {
    @StateObject private var model: NearbyModel

    init(jinlin: Jinlin) {
        _model = StateObject(wrappedValue: NearbyModel(jinlin: jinlin, notifications: PhoneNotifications.shared))
    }

    var body: some View {
        let state = model.state
        NavigationStack {
            List {
                if let error = state.error {
                    Text(verbatim: words(for: error)).foregroundStyle(.red)
                }
                if state.offline { Text("error_offline") }
                if state.askNotifications {
                    AskForNotifications(why: LocalizedStringKey("notify_why_volunteer")) { await model.handle(.notificationsAsked) }
                }
                ForEach(state.items) { item in
                    let request = item.request
                    VStack(alignment: .leading, spacing: 6) {
                        Text(verbatim: describe(request)).font(.subheadline)
                        Text(verbatim: request.what).font(.headline)
                        Text("nearby_signed_up \(request.requester.name) \(Int(request.signups.count)) \(Int(request.slots))")
                        HStack {
                            if let mine = item.mine {
                                Text("nearby_you_are \(mine.label)")
                                Button("nearby_withdraw") { Task { await model.handle(.withdraw(request.id)) } }
                                    .buttonStyle(.bordered)
                            } else {
                                Button("nearby_accept") { Task { await model.handle(.accept(request.id)) } }
                                    .buttonStyle(.borderedProminent)
                                Button("nearby_decline") { Task { await model.handle(.decline(request.id)) } }
                                    .buttonStyle(.bordered)
                            }
                        }
                    }
                }
            }
            .overlay {
                if state.items.isEmpty { Text("nearby_empty").font(.title3) }
            }
            .navigationTitle("tab_nearby")
        }
        .task { await model.run() }
    }

    private func describe(_ request: RequestView) -> String {
        let place = [request.place.building, request.place.unit].compactMap { $0 }.joined(separator: "-")
        let urgent = request.urgent ? String(localized: "nearby_urgent") : nil
        return [urgent, request.kind.label, place.isEmpty ? nil : place].compactMap { $0 }.joined(separator: " · ")
    }
}
