// One big button: raises an urgent request in the member's group and sends it at once (or when
// the network returns). A device that has not joined yet shows the join form instead.

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

    var body: some View {
        VStack(spacing: 24) {
            if let group {
                Button {
                    model.act { jinlin in
                        _ = try await jinlin.raise(
                            groupId: group.id, kind: .other, text: "I need help now", urgent: true
                        )
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
            if let message = model.message {
                Text(message).foregroundStyle(.red)
            }
        }
        .textFieldStyle(.roundedBorder)
        .padding()
        .task(id: joined) {
            group = try? await model.jinlin?.groups().first
        }
    }
}
