// The "help now" screen's view model: one tap raises an urgent ride to hospital in her own
// building (else estate, else community) from her home's building and unit and, when allowed,
// where the phone is; then "alerted · seen · coming", who is coming, and a cancel. Right after her
// first request, if notifications are off, it asks her. Events in, `state` out; the SwiftUI view
// only renders it. Mirrors HelpNowPresenter.kt, which is tested against a real relay.

import Foundation

@MainActor
public final class HelpNowModel: ObservableObject {
    public struct State {
        /// The first read is done: until then neither the button nor the join form shows.
        public var loaded = false
        public var me: IdentityView?
        /// Where the one tap raises.
        public var group: GroupView?
        /// Her latest request that is not done or cancelled.
        public var request: RequestView?
        /// Alerted · seen · coming (needs the relay; offline the last ones read stay).
        public var receipts: AlertReceiptsView?
        /// The text message to send herself, once her urgent request has not gone out for 20 s.
        public var smsDraft: SmsDraft?
        /// The relay could not be reached just now: what she did waits on the phone.
        public var offline = false
        /// Explain why notifications matter and ask for them.
        public var askNotifications = false
        /// What went wrong with the last action.
        public var error: Error?

        /// The phone has joined a group: show the big button, not the join form.
        public var joined: Bool { me != nil && group != nil }
    }

    public enum Event {
        case load
        case takeMeToHospital
        case cancel
        case refresh
        case notificationsAsked
        case join(name: String, building: String, unit: String, code: String)
    }

    @Published public private(set) var state = State()
    private let jinlin: Jinlin
    private let whereabouts: Whereabouts
    private let notifications: NotificationPermission
    private let refreshEvery: UInt64

    /// The request carries no sentence: its kind, urgency and place are its words, and every
    /// reader's phone says them in the reader's own language.
    public init(
        jinlin: Jinlin, whereabouts: Whereabouts = NowhereKnown(),
        notifications: NotificationPermission = NotificationsAllowed(), refreshEverySeconds: Double = 2
    ) {
        self.jinlin = jinlin
        self.whereabouts = whereabouts
        self.notifications = notifications
        // At least a tenth of a second: a zero, negative or NaN interval would spin or trap.
        let seconds = refreshEverySeconds.isFinite ? max(refreshEverySeconds, 0.1) : 2
        refreshEvery = UInt64(min(seconds, 3600) * 1_000_000_000)
    }

    /// Handles one event; failures become `state.error`, never a crash.
    public func handle(_ event: Event) async {
        do {
            switch event {
            case .load: try await load()
            case .takeMeToHospital: try await takeMeToHospital()
            case .cancel: try await cancel()
            case .refresh: try await refresh()
            case .notificationsAsked: state.askNotifications = false
            case let .join(name, building, unit, code): try await join(name, building, unit, code)
            }
            state.error = nil
        } catch {
            state.error = error
        }
    }

    /// While the screen shows: her request follows every change, its receipts every few seconds.
    public func run() async {
        await handle(.load)
        while !Task.isCancelled {
            // With nothing open, read again: the widget or Siri may have raised meanwhile.
            await handle(state.request == nil ? .load : .refresh)
            try? await Task.sleep(nanoseconds: refreshEvery)
        }
    }

    private func load() async throws {
        let me = try await jinlin.identity()
        var group = try await jinlin.ownGroup()
        if group == nil { group = try await jinlin.groups().first }
        let all = try await jinlin.list()
        state.me = me
        state.group = group
        state.request = me.flatMap { me in all.first { $0.raisedBy.memberId == me.memberId && !$0.status.isFinal } }
        state.loaded = true
    }

    private func takeMeToHospital() async throws {
        // A second tap (a shaking hand, or "is it working?") while her request is open raises
        // nothing new: it sends the one she has again.
        if state.request?.urgent == true { return try await refresh() }
        guard let me = try await jinlin.identity(), let group = try await jinlin.ownGroup() ?? state.group else {
            throw JinlinError.notRegistered
        }
        let here = await whereabouts.position()
        let raised = try await jinlin.raise(
            groupId: group.id, kind: .hospital, text: "", urgent: true,
            building: me.building, unit: me.unit, lat: here?.lat, lon: here?.lon
        )
        // The request is saved before anything is asked: nothing stands between her and help.
        state.request = raised
        state.receipts = nil
        state.smsDraft = nil
        state.askNotifications = await notifications.worthAsking()
        try await refresh()
    }

    private func cancel() async throws {
        guard let request = state.request else { return }
        _ = try await jinlin.cancel(request.id)
        let sent = try await jinlin.sendNow()
        state.offline = !sent
        state.request = nil
        state.receipts = nil
        state.smsDraft = nil
    }

    private func refresh() async throws {
        guard let shown = state.request else { return }
        // Sending first: a request still on the phone goes out, and who is coming comes in. A
        // request that is not urgent and already out waits for the live connection instead.
        var sent = true
        if shown.urgent || state.offline { sent = try await jinlin.sendNow() }
        let request = try await jinlin.show(shown.id)
        state.offline = !sent
        if request.status.isFinal {
            state.request = nil
            state.receipts = nil
            state.smsDraft = nil
            return
        }
        state.request = request
        if sent, request.urgent, let receipts = try? await jinlin.alertReceipts(request.id) {
            state.receipts = receipts
        }
        if request.urgent {
            state.smsDraft = try await jinlin.smsFallback(request.id)
        } else {
            state.smsDraft = nil
        }
    }

    private func join(_ name: String, _ building: String, _ unit: String, _ code: String) async throws {
        let trim = { (s: String) -> String? in
            let t = s.trimmingCharacters(in: .whitespaces)
            return t.isEmpty ? nil : t
        }
        if try await jinlin.identity() == nil {
            _ = try await jinlin.register(name: trim(name) ?? "", building: trim(building), unit: trim(unit))
        }
        _ = try await jinlin.join(
            code: code.trimmingCharacters(in: .whitespaces), building: trim(building), unit: trim(unit)
        )
        try await load()
    }
}
