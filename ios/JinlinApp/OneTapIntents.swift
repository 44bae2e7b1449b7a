// One tap for help from outside the app: the App Intent behind the widget's button, Siri and
// Shortcuts ("送我去医院"), and its cancel. Each runs in the app (`openAppWhenRun`), which holds
// the store: the tap raises at once from her saved home (and where the phone is, when she
// allowed it), the help tab then shows "alerted · seen · coming" in large type with a cancel,
// and the state is kept in the app group for the widget. Compiled into the widget extension
// too (JINLIN_WIDGET), where the intents only name themselves.

import AppIntents
import Foundation
import JinlinKit
import WidgetKit

/// The last one-tap state, shared with the widget through the app group.
enum OneTapShared {
    static let group = "group.org.jinlin.app"

    static func load() -> OneTapState {
        guard let data = UserDefaults(suiteName: group)?.data(forKey: "one_tap"),
              let state = try? JSONDecoder().decode(OneTapState.self, from: data) else { return OneTapState() }
        return state
    }

    static func save(_ state: OneTapState) {
        guard state != load() else { return }
        UserDefaults(suiteName: group)?.set(try? JSONEncoder().encode(state), forKey: "one_tap")
        WidgetCenter.shared.reloadAllTimelines()
    }
}

struct TakeMeToHospitalIntent: AppIntent {
    static var title: LocalizedStringResource = "help_button"
    static var description = IntentDescription("widget_description")
    static var openAppWhenRun = true

    @MainActor
    func perform() async throws -> some IntentResult {
        #if !JINLIN_WIDGET
        guard let jinlin = AppModel.shared.jinlin else { return .result() }
        OneTapShared.save(await OneTapModel(jinlin: jinlin, whereabouts: PhoneWhereabouts.shared).handle(.tap))
        #endif
        return .result()
    }
}

struct CancelHelpIntent: AppIntent {
    static var title: LocalizedStringResource = "help_cancel"
    static var description = IntentDescription("onetap_cancel_description")
    static var openAppWhenRun = true

    @MainActor
    func perform() async throws -> some IntentResult {
        #if !JINLIN_WIDGET
        guard let jinlin = AppModel.shared.jinlin else { return .result() }
        OneTapShared.save(await OneTapModel(jinlin: jinlin).handle(.cancel))
        #endif
        return .result()
    }
}

/// "送我去医院" in Siri, Spotlight and the Shortcuts app, and for the Action button. The phrases
/// are keys of AppShortcuts.xcstrings, in Chinese and English.
struct JinlinShortcuts: AppShortcutsProvider {
    static var appShortcuts: [AppShortcut] {
        AppShortcut(
            intent: TakeMeToHospitalIntent(),
            phrases: ["\(.applicationName) help_button", "\(.applicationName) shortcut_long"],
            shortTitle: "help_button",
            systemImageName: "cross.case.fill"
        )
    }
}
