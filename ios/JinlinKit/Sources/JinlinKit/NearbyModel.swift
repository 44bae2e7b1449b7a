// The "nearby" screen's view model: requests from neighbours near this member, each with "I can
// help" and "Not now", saved at once and sent straight away (or with the first link). After his
// first "I can help", if notifications are off, it asks him. Mirrors NearbyPresenter.kt.

import Foundation

@MainActor
public final class NearbyModel: ObservableObject {
    /// One request, with this member's place on it (nil: not signed up).
    public struct Item: Identifiable {
        public let request: RequestView
        public let mine: SignupState?
        public var id: String { request.id }
    }

    public struct State {
        public var items: [Item] = []
        public var offline = false
        public var askNotifications = false
        public var error: Error?
    }

    public enum Event {
        case load
        case accept(String)
        case decline(String)
        case withdraw(String)
        case notificationsAsked
    }

    @Published public private(set) var state = State()
    private let jinlin: Jinlin
    private let notifications: NotificationPermission

    public init(jinlin: Jinlin, notifications: NotificationPermission = NotificationsAllowed()) {
        self.jinlin = jinlin
        self.notifications = notifications
    }

    /// Handles one event; failures become `state.error`, never a crash.
    public func handle(_ event: Event) async {
        do {
            switch event {
            case .load: try await show(jinlin.nearby())
            case let .accept(id):
                try await answer { _ = try await self.jinlin.accept(id) }
                state.askNotifications = await notifications.worthAsking()
            case let .decline(id): try await answer { _ = try await self.jinlin.decline(id) }
            case let .withdraw(id): try await answer { _ = try await self.jinlin.withdraw(id) }
            case .notificationsAsked: state.askNotifications = false
            }
            state.error = nil
        } catch {
            state.error = error
        }
    }

    /// While the screen shows, the list follows every change on the phone or from the relay.
    public func run() async {
        for await list in jinlin.nearbyUpdates() {
            try? await show(list)
        }
    }

    private func show(_ requests: [RequestView]) async throws {
        let me = try await jinlin.identity()?.memberId
        state.items = requests.map { r in Item(request: r, mine: r.signups.first { $0.memberId == me }?.state) }
    }

    private func answer(_ action: () async throws -> Void) async throws {
        try await action()
        let sent = try await jinlin.sendNow()
        state.offline = !sent
        try await show(jinlin.nearby())
    }
}
