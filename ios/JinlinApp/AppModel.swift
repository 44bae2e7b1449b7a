// The app's one Jinlin device and what the screens share.

import Foundation
import JinlinKit

@MainActor
final class AppModel: ObservableObject {
    static let shared = AppModel()

    /// Set at build time in Info.plist (`JinlinRelayURL`).
    static let relayURL = Bundle.main.object(forInfoDictionaryKey: "JinlinRelayURL") as? String
        ?? "https://relay.jinlin.example"

    let jinlin: Jinlin?
    @Published var message: String?
    private var live: TaskHandle?

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
    }

    func goOffline() {
        live?.cancel()
        live = nil
    }

    /// Runs an action, showing its error, then syncs (offline the change waits for later).
    func act(_ action: @escaping (Jinlin) async throws -> Void) {
        guard let jinlin else { return }
        Task {
            do {
                try await action(jinlin)
                message = nil
                _ = try? await jinlin.sync()
            } catch {
                message = words(for: error)
            }
        }
    }
}
