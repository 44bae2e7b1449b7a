// The visit log's view model: households due a visit in walking order, logging one with the needs
// found and the day to come back, each household's open needs, the follow-ups due and the visits
// logged; and the requests this member is helping with. A visit is logged with where the worker
// stood when `whereabouts` knows it. Mirrors VisitLogPresenter.kt.

import Foundation

extension VisitView {
    /// Where the worker stood when she logged this visit, as the screen writes it: latitude and
    /// longitude to five decimals (about a metre), "24.47980, 118.08940"; nil when the phone gave
    /// no position. The numbers are the same in every language.
    public var position: String? {
        guard let lat, let lon else { return nil }
        return String(format: "%.5f, %.5f", locale: Locale(identifier: "en_US_POSIX"), lat, lon)
    }
}

/// The needs typed at the door, one per line or separated by commas (Chinese or Latin) or the
/// enumeration comma: "大米，浴室扶手" is two needs.
public func needsTyped(_ typed: String) -> [String] {
    typed.components(separatedBy: CharacterSet(charactersIn: "\n,，、;；"))
        .map { $0.trimmingCharacters(in: .whitespaces) }
        .filter { !$0.isEmpty }
}

@MainActor
public final class VisitLogModel: ObservableObject {
    public struct State {
        public var due: [HouseholdSummary] = []
        public var visits: [VisitView] = []
        /// Every household this member walks, with its open needs counted.
        public var households: [HouseholdSummary] = []
        public var followUps: [VisitView] = []
        public var helping: [RequestView] = []
        public var logged: VisitView?
        public var offline = false
        public var error: Error?

        /// The member keeps a visit log (grid worker, staff, building leader).
        public var keepsLog: Bool { !households.isEmpty || !visits.isEmpty }
    }

    public enum Event {
        case load
        case log(householdId: String, outcome: VisitOutcome, note: String, needs: [String], followUp: String)
    }

    @Published public private(set) var state = State()
    private let jinlin: Jinlin
    private let limit: Int32
    private let whereabouts: Whereabouts

    public init(jinlin: Jinlin, limit: Int32 = 30, whereabouts: Whereabouts = NowhereKnown()) {
        self.jinlin = jinlin
        self.limit = limit
        self.whereabouts = whereabouts
    }

    /// Handles one event; failures become `state.error`, never a crash.
    public func handle(_ event: Event) async {
        do {
            switch event {
            case .load: try await load()
            case let .log(householdId, outcome, typedNote, needs, typedFollowUp):
                let note = typedNote.trimmingCharacters(in: .whitespaces)
                let followUp = typedFollowUp.trimmingCharacters(in: .whitespaces)
                let here = await whereabouts.position()
                let visit = try await jinlin.logVisit(
                    householdId: householdId, outcome: outcome, note: note.isEmpty ? nil : note, needs: needs,
                    followUp: followUp.isEmpty ? nil : followUp, lat: here?.lat, lon: here?.lon
                )
                state.logged = visit
                let sent = try await jinlin.sendNow()
                state.offline = !sent
                try await load()
            }
            state.error = nil
        } catch {
            state.error = error
        }
    }

    /// While the screen shows: read once, then the requests being helped with follow every change.
    public func run() async {
        await handle(.load)
        for await _ in jinlin.requestChanges() {
            if let helping = try? await jinlin.followUps() { state.helping = helping }
        }
    }

    private func load() async throws {
        state.due = try await jinlin.dueHouseholds()
        state.visits = try await jinlin.visits(limit: limit)
        state.households = try await jinlin.households()
        state.followUps = try await jinlin.visitFollowUps()
        state.helping = try await jinlin.followUps()
    }
}
