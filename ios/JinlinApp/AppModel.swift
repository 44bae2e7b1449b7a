// The app's one Jinlin device and what the screens share: the live connection while in front,
// urgent requests turned into notifications, the alert a notification was tapped for, and this
// phone's APNs token sent to the relay so an alert can wake the app when it is closed.

import Foundation
import JinlinKit

/// A request id the app was asked to show full screen (from a tapped notification).
struct OpenAlert: Identifiable {
    let id: String
}

@MainActor
final class AppModel: ObservableObject {
    static let shared = AppModel()

    /// Set at build time in Info.plist (`JinlinRelayURL`).
    static let relayURL = Bundle.main.object(forInfoDictionaryKey: "JinlinRelayURL") as? String
        ?? "https://relay.jinlin.example"

    let jinlin: Jinlin?
    /// The urgent alert to show full screen.
    @Published var openAlert: OpenAlert?
    private var live: TaskHandle?
    private var pushToken: PushToken?

    private init() {
        jinlin = try? Jinlin.openDefault(relayURL: AppModel.relayURL)
    }

    /// Starts forwarding urgent requests to notifications for as long as the app runs.
    func start() {
        guard let jinlin else { return }
        Task.detached {
            for await request in jinlin.urgentAlerts() {
                UrgentNotifications.show(request)
            }
        }
    }

    func goLive() {
        live = try? jinlin?.connectLive()
        retryPushToken()
    }

    func goOffline() {
        live?.cancel()
        live = nil
    }

    /// The APNs token from the app delegate; sent once the phone has joined and has a link.
    func gotPushToken(_ deviceToken: Data) {
        let hex = deviceToken.map { String(format: "%02x", $0) }.joined()
        pushToken = PushToken(service: .apns, token: hex)
        retryPushToken()
    }

    /// Tries the latest push token again (at each return to the front, after a background sync),
    /// and tells the relay the language the app shows if it has not been told in this run.
    func retryPushToken() {
        guard let jinlin else { return }
        let locale = Locale.current
        if languageSent != locale {
            Task { if (try? await jinlin.sendLanguage(locale)) == true { languageSent = locale } }
        }
        guard let token = pushToken else { return }
        Task { _ = try? await jinlin.registerPushToken(token, memory: DefaultsPushTokenMemory()) }
    }

    /// The phone language the relay was last told of in this run.
    private var languageSent: Locale?
}

/// The token the relay has, in UserDefaults.
struct DefaultsPushTokenMemory: PushTokenMemory {
    private let defaults = UserDefaults.standard

    func sent() -> PushToken? {
        guard let token = defaults.string(forKey: "push_token"), defaults.string(forKey: "push_service") == "apns"
        else { return nil }
        return PushToken(service: .apns, token: token)
    }

    func remember(_ token: PushToken) {
        defaults.set(token.token, forKey: "push_token")
        defaults.set("apns", forKey: "push_service") // l10n-ok: a settings key, never shown
    }
}
