// One big button: raises an urgent request in the member's own building (else her estate, else
// her community) and sends it at once (or when the network returns). Below it, how the request
// stands ("alerted 8 · seen 5 · 2 coming"); if it has not gone out 20 s on, the text message the
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
    @State private var receipts: String?
    @State private var draft: SmsDraft?
    @Environment(\.openURL) private var openURL

    var body: some View {
        VStack(spacing: 24) {
            if let group {
                Button {
                    model.act { jinlin in
                        let request = try await jinlin.raise(
                            groupId: group.id, kind: .other, text: "I need help now", urgent: true
                        )
                        raised = request.id
                    }
                } label: {
                    Text("I need help now")
                        .font(.largeTitle.bold())
                        .frame(maxWidth: .infinity, minHeight: 220)
                }
                .buttonStyle(.borderedProminent)
                .tint(.red)
                .clipShape(Circle())
            } else {
                Text("Join your neighbours").font(.title2)
                TextField("Your name", text: $name)
                TextField("Building", text: $building)
                TextField("Unit", text: $unit)
                TextField("Invite code", text: $code)
                Button("Join") {
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
                Text(receipts).font(.headline)
            }
            if let draft {
                Text("Your request has not gone out yet.")
                ForEach(draft.to, id: \.phone) { contact in
                    Button("Text \(contact.name)") {
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
                    receipts = r.line
                }
                draft = try? await jinlin.smsFallback(raised)
                try? await Task.sleep(nanoseconds: 2_000_000_000)
            }
        }
    }
}
