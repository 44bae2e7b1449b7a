// The home-screen widget (its own extension target; see project.yml): a large "送我去医院"
// button that runs TakeMeToHospitalIntent in the app, and below it, in large type, how her
// request stands from the app group, with a cancel while it is open. Every control has a
// VoiceOver label. Before iOS 17 (no buttons in widgets) a tap on the widget opens the app on its help tab.

import AppIntents
import JinlinKit
import SwiftUI
import WidgetKit

struct OneTapEntry: TimelineEntry {
    let date: Date
    let state: OneTapState
}

struct OneTapProvider: TimelineProvider {
    func placeholder(in context: Context) -> OneTapEntry { OneTapEntry(date: .now, state: OneTapState()) }

    func getSnapshot(in context: Context, completion: @escaping (OneTapEntry) -> Void) {
        completion(OneTapEntry(date: .now, state: OneTapShared.load()))
    }

    func getTimeline(in context: Context, completion: @escaping (Timeline<OneTapEntry>) -> Void) {
        // The app reloads the widget whenever the state changes; nothing to schedule.
        completion(Timeline(entries: [OneTapEntry(date: .now, state: OneTapShared.load())], policy: .never))
    }
}

struct OneTapWidgetView: View {
    let entry: OneTapEntry

    var body: some View {
        let state = entry.state
        VStack(spacing: 8) {
            if #available(iOS 17.0, *) {
                Button(intent: TakeMeToHospitalIntent()) {
                    Text("help_button").font(.title.bold()).frame(maxWidth: .infinity, maxHeight: .infinity)
                }
                .tint(.red)
                .accessibilityLabel("help_button")
                .accessibilityHint("help_button_hint")
            } else {
                Text("help_button").font(.title.bold()).foregroundStyle(.red)
                    .accessibilityLabel("help_button")
            }
            OneTapStatus(state: state).font(.title3)
            if #available(iOS 17.0, *), state.requestId != nil {
                Button(intent: CancelHelpIntent()) { Text("help_cancel").font(.title3) }
                    .accessibilityLabel("onetap_cancel_description")
            }
        }
    }
}

/// The status line: alerted · seen · coming, or where it stands.
struct OneTapStatus: View {
    let state: OneTapState

    var body: some View {
        switch state.stage {
        case .notJoined: Text("onetap_not_joined")
        case .ready: state.cancelled ? Text("onetap_cancelled") : Text("widget_description")
        case .sending: Text("help_alerting")
        case .alerted, .seen, .coming:
            Text("receipts_alerted \(Int(state.alerted))") + Text(verbatim: " · ")
                + Text("receipts_seen \(Int(state.seen))") + Text(verbatim: " · ")
                + Text("receipts_coming \(Int(state.coming))")
        }
    }
}

@main
struct JinlinWidget: Widget {
    var body: some WidgetConfiguration {
        StaticConfiguration(kind: "org.jinlin.app.help", provider: OneTapProvider()) { entry in
            OneTapWidgetView(entry: entry)
        }
        .configurationDisplayName("help_button")
        .description("widget_description")
        .supportedFamilies([.systemSmall, .systemMedium])
    }
}
