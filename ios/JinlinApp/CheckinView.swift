// "I'm fine" (我很好) for a person living alone, or the proxy phone answering for her: one big
// button, her deadline, a pause while she is away, and her paired neighbours with a one-tap call.
// When the tap could not reach the relay it offers the text message to her neighbours. State
// comes from `CheckinModel`; this only renders it.

import JinlinKit
import SwiftUI

@MainActor
struct CheckinView: View {
    @StateObject private var model: CheckinModel
    @Environment(\.openURL) private var openURL

    init(jinlin: Jinlin) {
        _model = StateObject(wrappedValue: CheckinModel(jinlin: jinlin))
    }

    var body: some View {
        let state = model.state
        NavigationStack {
            VStack(spacing: 16) {
                if let pairing = state.pairing {
                    Button {
                        Task { await model.handle(.fine) }
                    } label: {
                        Text("checkin_button").font(.largeTitle).frame(maxWidth: .infinity, minHeight: 140)
                    }
                    .buttonStyle(.borderedProminent)
                    .accessibilityLabel("checkin_button")
                    .accessibilityHint("checkin_button_hint")
                    Text("checkin_deadline \(pairing.deadline)").font(.title3)
                    switch state.tap {
                    case .kept:
                        Text("checkin_kept").font(.title3)
                        // One text per language, each to the neighbours who read it.
                        ForEach(state.lifeline?.sms ?? [], id: \.fine) { texts in
                            Button("checkin_sms") {
                                let to = texts.to.joined(separator: ",")
                                let body = texts.fine.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? ""
                                if let url = URL(string: "sms:\(to)&body=\(body)") { openURL(url) }
                            }
                        }
                    case .tooLate: Text("checkin_too_late").font(.title3)
                    case .counted: Text("checkin_counted").font(.title3)
                    case nil: EmptyView()
                    }
                    Text("checkin_neighbours").font(.headline)
                    ForEach(state.lifeline?.neighbours ?? [], id: \.memberId) { n in
                        if let phone = n.phone, let url = URL(string: "tel:\(phone.filter { !$0.isWhitespace })") {
                            Button("checkin_call \(n.name) \(phone)") { openURL(url) }.buttonStyle(.bordered)
                        } else {
                            Text(verbatim: n.name)
                        }
                    }
                    if pairing.pausedUntil == nil {
                        Button("checkin_away") {
                            let week = Date().addingTimeInterval(7 * 24 * 60 * 60)
                            Task { await model.handle(.pause(until: week)) }
                        }
                    } else {
                        Button("checkin_back") { Task { await model.handle(.resume) } }
                    }
                } else {
                    Text("checkin_unpaired").font(.title3)
                }
                if let error = state.error { Text(verbatim: words(for: error)).foregroundStyle(.red) }
            }
            .padding()
            .navigationTitle("tab_checkin")
        }
        .task { await model.handle(.load) }
    }
}
