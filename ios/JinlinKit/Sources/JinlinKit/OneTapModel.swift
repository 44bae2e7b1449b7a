// The one-tap entries (the home-screen widget and the App Intent, "送我去医院" from Siri or the
// Action button): one tap raises the same urgent ride as the "help now" button, then large
// "alerted · seen · coming" and a cancel. The rules are HelpNowModel's; this gives them the
// widget's few words, kept as a small `Codable` value the widget reads. Mirrors OneTapPresenter.kt.

import Foundation

/// How a one-tap call for help stands.
public enum OneTapStage: String, Codable, Sendable {
    /// The phone has not joined a group yet: open the app first.
    case notJoined
    /// Nothing open: the button raises "take me to hospital".
    case ready
    /// Raised, kept on the phone, not out yet.
    case sending
    /// Neighbours were alerted; none has looked yet.
    case alerted
    /// At least one neighbour saw it.
    case seen
    /// At least one neighbour is coming.
    case coming
}

/// What a one-tap entry shows. Words come from the app's catalog.
public struct OneTapState: Codable, Equatable, Sendable {
    public var stage: OneTapStage = .ready
    public var alerted = 0
    public var seen = 0
    public var coming = 0
    public var requestId: String?
    /// She cancelled it just now.
    public var cancelled = false

    public init() {}
}

extension HelpNowModel.State {
    /// The one-tap stage of the "help now" state: the receipts read as alerted · seen · coming.
    public func oneTap(cancelled: Bool = false) -> OneTapState {
        var out = OneTapState()
        if !joined {
            out.stage = .notJoined
        } else if request == nil {
            out.stage = .ready
        } else if offline || receipts == nil {
            out.stage = .sending
        } else if let r = receipts, r.coming > 0 {
            out.stage = .coming
        } else if let r = receipts, r.seen > 0 {
            out.stage = .seen
        } else {
            out.stage = .alerted
        }
        out.alerted = Int(receipts?.alerted ?? 0)
        out.seen = Int(receipts?.seen ?? 0)
        out.coming = Int(receipts?.coming ?? 0)
        out.requestId = request?.id
        out.cancelled = cancelled && request == nil
        return out
    }
}

@MainActor
public final class OneTapModel: ObservableObject {
    public enum Event { case tap, refresh, cancel }

    @Published public private(set) var state = OneTapState()
    @Published public private(set) var error: Error?
    private let help: HelpNowModel

    public init(jinlin: Jinlin, whereabouts: Whereabouts = NowhereKnown()) {
        help = HelpNowModel(jinlin: jinlin, whereabouts: whereabouts)
    }

    /// Handles one event and returns how it stands; failures become `error`, never a crash.
    @discardableResult
    public func handle(_ event: Event) async -> OneTapState {
        await help.handle(.load)
        switch event {
        case .tap: await help.handle(.takeMeToHospital)
        case .refresh: await help.handle(.refresh)
        case .cancel: await help.handle(.cancel)
        }
        state = help.state.oneTap(cancelled: event == .cancel)
        error = help.state.error
        return state
    }
}
