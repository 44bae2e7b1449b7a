// A neighbour's urgent request, opened from its time-sensitive notification: who, where, what,
// with "I'm coming" and "I can't". State comes from `UrgentAlertModel`; this only renders it.

import JinlinKit
import SwiftUI

@MainActor
struct UrgentAlertView: View {
    @StateObject private var model: UrgentAlertModel
    @Environment(\.dismiss) private var dismiss
    private let requestId: String
    private let jinlin: Jinlin

    init(jinlin: Jinlin, requestId: String) {
        self.requestId = requestId
        self.jinlin = jinlin
        _model = StateObject(wrappedValue: UrgentAlertModel(jinlin: jinlin))
    }

    var body: some View {
        let state = model.state
        VStack(spacing: 20) {
            if let alert = state.alert {
                let place = [alert.place.building, alert.place.unit].compactMap { $0 }.joined(separator: "-")
                if place.isEmpty {
                    Text(verbatim: alert.requester.name).font(.largeTitle.bold())
                } else {
                    Text("urgent_title \(alert.requester.name) \(place)").font(.largeTitle.bold())
                }
                Text(verbatim: alert.kind.label).font(.title)
                Text(verbatim: alert.what).font(.title2)
                VoiceNoteButtons(jinlin: jinlin, requestId: alert.id, mine: false, hasNote: alert.voice != nil)
                if state.offline { Text("error_offline").font(.title3) }
                if let mine = state.mine {
                    Text("nearby_you_are \(mine.label)").font(.title2)
                    Button("urgent_close") { Task { await model.handle(.dismiss) } }
                        .buttonStyle(.bordered).font(.title2)
                } else {
                    Button {
                        Task { await model.handle(.accept) }
                    } label: {
                        Text("urgent_accept").font(.largeTitle.bold()).frame(maxWidth: .infinity, minHeight: 100)
                    }
                    .buttonStyle(.borderedProminent)
                    .tint(.green)
                    Button {
                        Task { await model.handle(.decline) }
                    } label: {
                        Text("urgent_decline").font(.title).frame(maxWidth: .infinity, minHeight: 60)
                    }
                    .buttonStyle(.bordered)
                }
            }
            if let error = state.error {
                Text(verbatim: words(for: error)).foregroundStyle(.red)
            }
        }
        .padding()
        .task {
            await model.handle(.open(requestId))
            await model.run()
        }
        .onChange(of: model.state.finished) { finished in
            if finished { dismiss() }
        }
    }
}
