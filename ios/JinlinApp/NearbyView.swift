// Open requests from neighbours, urgent and nearest first, each with accept and decline.

import JinlinKit
import SwiftUI

struct NearbyView: View {
    @EnvironmentObject private var model: AppModel
    @State private var requests: [RequestView] = []

    var body: some View {
        NavigationStack {
            List(requests, id: \.id) { request in
                VStack(alignment: .leading, spacing: 6) {
                    Text(describe(request)).font(.subheadline)
                    Text(request.text).font(.headline)
                    Text("nearby_signed_up \(request.requester.name) \(Int(request.signups.count)) \(Int(request.slots))")
                    HStack {
                        Button("nearby_accept") { model.act { _ = try await $0.accept(request.id) } }
                            .buttonStyle(.borderedProminent)
                        Button("nearby_decline") { model.act { _ = try await $0.decline(request.id) } }
                            .buttonStyle(.bordered)
                    }
                }
            }
            .overlay {
                if requests.isEmpty { Text("nearby_empty").font(.title3) }
            }
            .navigationTitle("tab_nearby")
        }
        .task {
            guard let jinlin = model.jinlin else { return }
            for await list in jinlin.nearbyUpdates() {
                requests = list
            }
        }
    }

    private func describe(_ request: RequestView) -> String {
        let place = [request.place.building, request.place.unit].compactMap { $0 }.joined(separator: "-")
        let urgent = request.urgent ? String(localized: "nearby_urgent") : nil
        return [urgent, request.kind.label, place.isEmpty ? nil : place].compactMap { $0 }.joined(separator: " · ")
    }
}
