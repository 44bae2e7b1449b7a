// "I'm fine" (我很好) for a person living alone, or the proxy phone answering for her: one big
// button, her deadline, a pause while she is away, and her paired neighbours with a one-tap call.
// When the tap could not reach the relay it offers the text message to her neighbours.

import JinlinKit
import SwiftUI

struct CheckinView: View {
    @EnvironmentObject private var model: AppModel
    @Environment(\.openURL) private var openURL
    @State private var pairing: PairingRecord?
    @State private var lifeline: LifelineView?
    @State private var result: CheckinResult?

    var body: some View {
        NavigationStack {
            VStack(spacing: 16) {
                if let pairing {
                    Button {
                        model.act { jinlin in
                            result = try await jinlin.checkIn()
                            await load()
                        }
                    } label: {
                        Text("checkin_button").font(.largeTitle).frame(maxWidth: .infinity, minHeight: 140)
                    }
                    .buttonStyle(.borderedProminent)
                    .accessibilityLabel("checkin_button")
                    .accessibilityHint("checkin_button_hint")
                    Text("checkin_deadline \(pairing.deadline)").font(.title3)
                    if let result {
                        if !result.sent {
                            Text("checkin_kept").font(.title3)
                            if let lifeline, !lifeline.smsTo.isEmpty {
                                Button("checkin_sms") {
                                    let to = lifeline.smsTo.joined(separator: ",")
                                    let body = lifeline.smsFine.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? ""
                                    if let url = URL(string: "sms:\(to)&body=\(body)") { openURL(url) }
                                }
                            }
                        } else if result.tooLate > 0 {
                            Text("checkin_too_late").font(.title3)
                        } else {
                            Text("checkin_counted").font(.title3)
                        }
                    }
                    Text("checkin_neighbours").font(.headline)
                    ForEach(lifeline?.neighbours ?? [], id: \.memberId) { n in
                        if let phone = n.phone, let url = URL(string: "tel:\(phone.filter { !$0.isWhitespace })") {
                            Button("checkin_call \(n.name) \(phone)") { openURL(url) }.buttonStyle(.bordered)
                        } else {
                            Text(n.name)
                        }
                    }
                    if pairing.pausedUntilMs == nil {
                        Button("checkin_away") {
                            let week = Int64(Date().timeIntervalSince1970 * 1000) + 7 * 86_400_000
                            model.act { self.pairing = try await $0.pauseCheckins(pairing.id, untilMs: week) }
                        }
                    } else {
                        Button("checkin_back") {
                            model.act { self.pairing = try await $0.pauseCheckins(pairing.id, untilMs: nil) }
                        }
                    }
                } else {
                    Text("checkin_unpaired").font(.title3)
                }
                if let message = model.message { Text(message).foregroundStyle(.red) }
            }
            .padding()
            .navigationTitle("tab_checkin")
        }
        .task { await load() }
    }

    private func load() async {
        guard let jinlin = model.jinlin else { return }
        lifeline = try? await jinlin.lifeline()
        let mine = lifeline?.pairingId
        pairing = (try? await jinlin.pairings())?.first { $0.id == mine }
    }
}
