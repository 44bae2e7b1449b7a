// "Take me to hospital": one big button raises an urgent ride to hospital from her home (and, when
// allowed, where the phone is), sent at once or as soon as there is a network. Below it, how it
// stands ("已通知 8 位邻居 · 5 位已看到 · 2 位正在赶来"), who is coming, a cancel, and, if it has not gone
// out 20 s on, the text message to send herself. A phone that has not joined shows the join form.
// State comes from `HelpNowModel`; this only renders it.

import JinlinKit
import SwiftUI

@MainActor
struct HelpNowView: View {
    @StateObject private var model: HelpNowModel
    @Environment(\.openURL) private var openURL
    @State private var name = ""
    @State private var building = ""
    @State private var unit = ""
    @State private var code = ""
    private let jinlin: Jinlin

    init(jinlin: Jinlin) {
        self.jinlin = jinlin
        _model = StateObject(wrappedValue: HelpNowModel(
            jinlin: jinlin, whereabouts: PhoneWhereabouts.shared, notifications: PhoneNotifications.shared
        ))
    }

    var body: some View {
        let state = model.state
        VStack(spacing: 24) {
            if !state.loaded {
                ProgressView()
            } else if state.joined {
                Button {
                    Task { await model.handle(.takeMeToHospital) }
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
                if state.askNotifications {
                    AskForNotifications(why: LocalizedStringKey("notify_why_requester")) { await model.handle(.notificationsAsked) }
                }
                if let request = state.request {
                    if let receipts = state.receipts {
                        Text(verbatim: receipts.words).font(.title2)
                    } else if state.offline {
                        Text("error_offline").font(.title3)
                    } else {
                        Text("help_alerting").font(.title3)
                    }
                    ForEach(request.signups, id: \.id) { s in
                        Text(verbatim: "\(s.memberName) · \(s.state.label)").font(.title3)
                    }
                    if let draft = state.smsDraft {
                        Text("help_not_sent").font(.title3)
                        // Each contact gets the message in the language they read.
                        ForEach(draft.messages, id: \.text) { message in
                            ForEach(message.to, id: \.phone) { contact in
                                Button("help_sms_button \(contact.name)") {
                                    let body = message.text.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? ""
                                    if let url = URL(string: "sms:\(contact.phone)&body=\(body)") { openURL(url) }
                                }
                            }
                        }
                    }
                    VoiceNoteButtons(jinlin: jinlin, requestId: request.id, mine: true, hasNote: request.voice != nil)
                    Button("help_cancel") { Task { await model.handle(.cancel) } }
                        .buttonStyle(.bordered)
                        .font(.title3)
                }
            } else {
                Text("join_title").font(.title2)
                TextField("join_name", text: $name)
                TextField("join_building", text: $building)
                TextField("join_unit", text: $unit)
                TextField("join_code", text: $code)
                Button("join_button") {
                    Task { await model.handle(.join(name: name, building: building, unit: unit, code: code)) }
                }
            }
            if let error = state.error {
                Text(verbatim: words(for: error)).foregroundStyle(.red)
            }
        }
        .textFieldStyle(.roundedBorder)
        .padding()
        .task { await model.run() }
        // The widget shows what this screen reads: alerted · seen · coming.
        .onReceive(model.$state) { OneTapShared.save($0.oneTap()) }
    }
}
