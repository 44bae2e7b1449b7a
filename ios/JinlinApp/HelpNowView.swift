// One big button: raises an urgent request in the member's own building (else her estate, else
// her community) and sends it at once (or when the network returns). Below it, how the request
// stands ("已通知 8 位邻居 · 5 位已看到 · 2 位正在赶来"); if it has not gone out 20 s on, the text message the
// core drafted for her building leader and emergency contacts, which she sends herself. A device
// that has not joined yet shows the join form instead.

import JinlinKit
import SwiftUI

struct HelpNowView: View {
    @EnvironmentObject private var model: AppModel
    @State private var group: GroupView?
    @State private var joined = false
    @State private var name = ""
    @State private var building = ""
    @State private var unit = ""
    @State private var code = ""
    @State private var raised: String?
    @State private var receipts: AlertReceiptsView?
    @State private var draft: SmsDraft?
    @Environment(\.openURL) private var openURL

    var body: some View {
        VStack(spacing: 24) {
            if let group {
                Button {
                    model.act { jinlin in
                        // The standard text, in her own language (see ios/README.md).
                        let request = try await jinlin.raise(
                            groupId: group.id, kind: .other, text: String(localized: "help_standard_text"), urgent: true
                        )
                        raised = request.id
                    }
                } label: {
                    Text("help_button")
                        .font(.largeTitle.bold())
                        .frame(maxWidth: .infinity, minHeight: 220)
                }
                .buttonStyle(.borderedProminent)
                .tint(.red)
                .clipShape(Circle())
                .accessibilityLabel("help_button")
                .accessibilityHint("help_button_hint")
            } else {
                Text("join_title").font(.title2)
                TextField("join_name", text: $name)
                TextField("join_building", text: $building)
                TextField("join_unit", text: $unit)
                TextField("join_code", text: $code)
                Button("join_button") {
                    model.act { jinlin in
                        _ = try await jinlin.register(
                            name: name, building: building.isEmpty ? nil : building, unit: unit.isEmpty ? nil : unit
                        )
                        _ = try await jinlin.join(code: code)
                        joined.toggle()
                    }
                }
            }
            if let receipts {
                Text(receipts.words).font(.headline)
            }
            if let draft {
                Text("help_not_sent").font(.title3)
                ForEach(draft.to, id: \.phone) { contact in
                    Button("help_sms_button \(contact.name)") {
                        let body = draft.text.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? ""
                        if let url = URL(string: "sms:\(contact.phone)&body=\(body)") {
                            openURL(url)
                        }
                    }
                }
            }
            if let message = model.message {
                Text(message).foregroundStyle(.red)
            }
        }
        .textFieldStyle(.roundedBorder)
        .padding()
        .task(id: joined) {
            // Her own building (else estate, else community); the first group if none is closest.
            if let own = try? await model.jinlin?.ownGroup() {
                group = own
            } else {
                group = try? await model.jinlin?.groups().first
            }
        }
        .task(id: raised) {
            // Offline these fail; the request waits on the phone and the draft is offered.
            guard let raised, let jinlin = model.jinlin else { return }
            while !Task.isCancelled {
                if let r = try? await jinlin.alertReceipts(raised) {
                    receipts = r
                }
                draft = try? await jinlin.smsFallback(raised)
                try? await Task.sleep(nanoseconds: 2_000_000_000)
            }
        }
    }
}
