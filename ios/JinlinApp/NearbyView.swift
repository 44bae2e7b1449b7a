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
                    Text(request.urgent ? "URGENT · \(describe(request))" : describe(request)).font(.caption)
                    Text(request.text).font(.headline)
                    Text("\(request.requester.name) · \(request.signups.count) of \(request.slots) signed up")
                    HStack {
                        Button("I can help") { model.act { _ = try await $0.accept(request.id) } }
                            .buttonStyle(.borderedProminent)
                        Button("Not now") { model.act { _ = try await $0.decline(request.id) } }
                            .buttonStyle(.bordered)
                    }
                }
            }
            .overlay {
                if requests.isEmpty { Text("No one nearby needs help right now.") }
            }
            .navigationTitle("Nearby")
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
        return "\(request.kind) · \(place)"
    }
}
