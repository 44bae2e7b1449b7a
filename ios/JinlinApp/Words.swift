// The words a person reads for the core's vocabularies, from the String Catalog
// (Localizable.xcstrings: Chinese first, English second): a request's kind and status, a helper's
// place on a request, a household's care level, how a visit went, an urgent request's receipts
// and what went wrong. Views show these, never an enum's own name.

import Foundation
import JinlinKit

extension RequestKind {
    var label: String {
        switch self {
        case .hospital: return String(localized: "kind_hospital")
        case .errand: return String(localized: "kind_errand")
        case .repair: return String(localized: "kind_repair")
        case .companionship: return String(localized: "kind_companionship")
        case .legal: return String(localized: "kind_legal")
        case .other: return String(localized: "kind_other")
        }
    }
}

extension Status {
    var label: String {
        switch self {
        case .open: return String(localized: "status_open")
        case .inProgress: return String(localized: "status_in_progress")
        case .done: return String(localized: "status_done")
        case .cancelled: return String(localized: "status_cancelled")
        }
    }
}

extension SignupState {
    var label: String {
        switch self {
        case .confirmed: return String(localized: "signup_confirmed")
        case .standby: return String(localized: "signup_standby")
        case .tentative: return String(localized: "signup_tentative")
        }
    }
}

extension RiskTier {
    var label: String {
        switch self {
        case .red: return String(localized: "tier_red")
        case .yellow: return String(localized: "tier_yellow")
        case .blue: return String(localized: "tier_blue")
        }
    }
}

extension VisitOutcome {
    var label: String {
        switch self {
        case .met: return String(localized: "outcome_met")
        case .notHome: return String(localized: "outcome_not_home")
        case .refused: return String(localized: "outcome_refused")
        }
    }
}

extension AlertReceiptsView {
    /// The one line a requester reads ("已通知 8 位邻居 · 5 位已看到 · 2 位正在赶来"), led by the wave
    /// once the alert has widened, or reopened because someone who was coming withdrew.
    var words: String {
        let counts = [
            String(localized: "receipts_alerted \(Int(alerted))"),
            String(localized: "receipts_seen \(Int(seen))"),
            String(localized: "receipts_coming \(Int(coming))"),
        ].joined(separator: " · ")
        guard widening else { return counts }
        return String(localized: "receipts_wave \(Int(wave))") + " · " + counts
    }
}

/// What went wrong, in the phone's language: a `JinlinError`'s own message from the catalog (its
/// key names the failure; where the core gives only free text, a rule's reason say, it follows in
/// brackets for whoever helps her). Anything else is an internal failure.
func words(for error: Error) -> String {
    guard let error = error as? JinlinError else { return String(localized: "error_internal") }
    return error.localized()
}
