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

extension RequestKind {
    /// The kind's standard words ("请送我去医院"), for a request with none of the requester's own.
    var standardWords: String {
        switch self {
        case .hospital: return String(localized: "standard_hospital")
        case .errand: return String(localized: "standard_errand")
        case .repair: return String(localized: "standard_repair")
        case .companionship: return String(localized: "standard_companionship")
        case .legal: return String(localized: "standard_legal")
        case .other: return String(localized: "standard_other")
        }
    }
}

extension PlaceView {
    /// Where, in the reader's language ("3 号楼 1202 室"); nil when unknown.
    var words: String? {
        switch (building, unit) {
        case let (b?, u?): return String(localized: "place_building_unit \(b) \(u)")
        case let (b?, nil): return String(localized: "place_building \(b)")
        case let (nil, u?): return String(localized: "place_unit \(u)")
        case (nil, nil): return nil
        }
    }
}

extension RequestView {
    /// What the request asks: its kind's standard words in the reader's language when it says
    /// nothing of its own (`standard`), otherwise its text exactly as written.
    var what: String { standard ? kind.standardWords : text }

    /// Urgency, what is asked and where, in the reader's language ("紧急 · 请送我去医院 · 3 号楼 1202 室").
    var headline: String {
        [urgent ? String(localized: "request_urgent") : nil, what.isEmpty ? nil : what, place.words]
            .compactMap { $0 }.joined(separator: " · ")
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
