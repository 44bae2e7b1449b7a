// The "I'm fine" (我很好) screen's view model, for a person living alone or the proxy phone that
// answers for her: her pairing, her neighbours and the texts to send without a link, the tap, and
// a pause while she is away. Mirrors CheckinPresenter.kt, which is tested against a real relay.

import Foundation

@MainActor
public final class CheckinModel: ObservableObject {
    /// What a tap did.
    public enum Tap {
        /// The relay has it: counted for today.
        case counted
        /// Kept on the phone; goes with the first link. Offer the text to her neighbours.
        case kept
        /// Too late for the day it was made: a neighbour is already on the way.
        case tooLate
    }

    public struct State {
        /// Her own pairing, or nil if nobody is paired with her yet.
        public var pairing: PairingRecord?
        public var lifeline: LifelineView?
        public var tap: Tap?
        public var error: Error?
    }

    public enum Event {
        case load
        case fine
        case pause(until: Date)
        case resume
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
            case .load: try await load()
            case .fine:
                let r = try await jinlin.checkIn()
                state.tap = !r.sent ? .kept : (r.tooLate > 0 ? .tooLate : .counted)
                if r.sent { try await load() }
            case let .pause(until): try await pause(until)
            case .resume: try await pause(nil)
            }
            state.error = nil
        } catch {
            state.error = error
        }
    }

    private func load() async throws {
        let lifeline = try await jinlin.lifeline()
        state.lifeline = lifeline
        state.pairing = try await jinlin.pairings().first { $0.id == lifeline?.pairingId }
    }

    private func pause(_ until: Date?) async throws {
        guard let id = state.pairing?.id else { return }
        state.pairing = try await jinlin.pauseCheckins(id, until: until)
    }
}
