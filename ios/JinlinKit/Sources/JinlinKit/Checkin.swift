// Paired neighbours (结对) and the daily "I'm fine" (我很好). The tap works offline (kept on the
// phone, sent on the first link) and so does the lifeline (as last seen); the other calls need
// the relay and throw `JinlinError.offline` without it, changing nothing.

import Foundation
import JinlinFFI

extension Jinlin {
    /// "I'm fine" for today.
    public func checkIn() async throws -> CheckinResult {
        try await coreCall { try await client.checkIn() }
    }

    /// The pairings this member may see.
    public func pairings() async throws -> [PairingRecord] {
        try await coreCall { try await client.pairings() }
    }

    /// Pairs someone living alone with 1 to 3 neighbours (staff, grid workers).
    public func createPairing(_ pairing: NewPairingRecord) async throws -> PairingRecord {
        try await coreCall { try await client.createPairing(new: pairing) }
    }

    /// Accepts this member's side of a pairing.
    public func acceptPairing(_ pairingId: String) async throws -> PairingRecord {
        try await coreCall { try await client.acceptPairing(pairingId: pairingId) }
    }

    /// Her daily deadline, "HH:MM", and the grace after it (whole minutes).
    public func setCheckinDeadline(_ pairingId: String, deadline: String, grace: TimeInterval? = nil) async throws
        -> PairingRecord
    {
        try await coreCall { try await client.setCheckinDeadline(pairingId: pairingId, deadline: deadline, grace: grace) }
    }

    /// No check-in expected until `until` (travelling, in hospital); `nil` resumes.
    public func pauseCheckins(_ pairingId: String, until: Date?) async throws -> PairingRecord {
        try await coreCall { try await client.pauseCheckins(pairingId: pairingId, until: until) }
    }

    /// Answers an alarm; `.needsHelp` raises the urgent hospital request for her at her place.
    public func answerCheckin(_ pairingId: String, answer: CheckinAnswer, text: String = "") async throws
        -> PairingRecord
    {
        try await coreCall { try await client.answerCheckin(pairingId: pairingId, answer: answer, text: text) }
    }

    /// Her paired neighbours' numbers and the texts to send without a link (her own when `nil`).
    public func lifeline(_ pairingId: String? = nil) async throws -> LifelineView? {
        try await coreCall { try await client.lifeline(pairingId: pairingId) }
    }

    /// Alarms about missed check-ins, and their end, as they arrive.
    public func checkinAlarms() -> AsyncStream<CheckinAlarm> {
        AsyncStream(bufferingPolicy: .bufferingNewest(256)) { continuation in
            let forward = CheckinForward { continuation.yield($0) }
            do {
                let handle = try client.subscribeCheckins(listener: forward)
                continuation.onTermination = { _ in handle.cancel() }
            } catch {
                continuation.finish()
            }
        }
    }
}

/// What the relay says about missed check-ins.
public enum CheckinAlarm: Sendable {
    /// Someone paired with this member has not checked in: knock on her door.
    case missed(CheckinAlertView)
    /// The alarm about this pairing is over.
    case over(pairingId: String)
}

private final class CheckinForward: CheckinAlertListener, @unchecked Sendable {
    let yield: @Sendable (CheckinAlarm) -> Void
    init(_ yield: @escaping @Sendable (CheckinAlarm) -> Void) { self.yield = yield }

    func onMissed(alert: CheckinAlertView) { yield(.missed(alert)) }
    func onOver(pairingId: String) { yield(.over(pairingId: pairingId)) }
}
