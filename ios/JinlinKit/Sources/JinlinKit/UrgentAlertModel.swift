// The urgent alert screen's view model: a neighbour's urgent request, with "I'm coming" and "I
// can't". The requester is told it was seen as soon as it is on screen; alerts that come meanwhile
// wait their turn, each once. Mirrors UrgentAlertPresenter.kt.

import Foundation

@MainActor
public final class UrgentAlertModel: ObservableObject {
    public struct State {
        /// The alert on screen, as last read; nil: none.
        public var alert: RequestView?
        /// Alerts that came after it, oldest first.
        public var next: [RequestView] = []
        /// This member's place on it once answered (tentative until the relay has it).
        public var mine: SignupState?
        public var offline = false
        /// Every alert shown was answered or closed, and none waits: close the screen.
        public var finished = false
        public var error: Error?
    }

    public enum Event {
        /// Show the alert a notification was tapped for.
        case open(String)
        case arrived(RequestView)
        case accept
        /// Passes the alert to the next nearest neighbour at once, and shows the next alert.
        case decline
        case dismiss
    }

    @Published public private(set) var state = State()
    private let jinlin: Jinlin

    public init(jinlin: Jinlin) {
        self.jinlin = jinlin
    }

    /// Handles one event; failures become `state.error`, never a crash.
    public func handle(_ event: Event) async {
        do {
            switch event {
            case let .open(id): try await arrived(jinlin.show(id))
            case let .arrived(request): try await arrived(request)
            case .accept: try await answer { try await self.jinlin.accept($0) }
            case .decline:
                try await answer { try await self.jinlin.decline($0) }
                await dismiss()
            case .dismiss: await dismiss()
            }
            state.error = nil
        } catch {
            state.error = error
        }
    }

    /// While collected, urgent requests from neighbours are added as they arrive.
    public func run() async {
        for await request in jinlin.urgentAlerts() {
            await handle(.arrived(request))
        }
    }

    private func arrived(_ request: RequestView) async throws {
        if state.alert == nil || state.alert?.id == request.id {
            state.alert = request
            state.finished = false
            state.mine = try await mine(request)
            await seen(request.id)
        } else if !state.next.contains(where: { $0.id == request.id }) {
            state.next.append(request)
        }
    }

    private func dismiss() async {
        state.finished = state.next.isEmpty
        state.alert = state.next.first
        state.next = Array(state.next.dropFirst())
        state.mine = nil
        if let alert = state.alert { await seen(alert.id) }
    }

    private func mine(_ request: RequestView) async throws -> SignupState? {
        let me = try await jinlin.identity()?.memberId
        return request.signups.first { $0.memberId == me }?.state
    }

    /// "Seen" is a courtesy: without a link she learns it later, so it is no error.
    private func seen(_ requestId: String) async {
        try? await jinlin.alertSeen(requestId)
    }

    private func answer(_ action: (String) async throws -> RequestView) async throws {
        guard let alert = state.alert else { return }
        _ = try await action(alert.id)
        let sent = try await jinlin.sendNow()
        state.offline = !sent
        let now = try await jinlin.show(alert.id)
        state.alert = now
        state.mine = try await mine(now)
    }
}
