// Urgent alerts from this phone's side. Settings and receipts need the relay (offline they throw
// `JinlinError.offline` and change nothing); contacts, the text-message draft and the relay's
// certificate authority stay on the device.

import Foundation

extension Jinlin {
    /// Whether this member may be alerted for urgent help nearby.
    public func setAvailability(_ available: Bool) async throws {
        try await coreCall { try await client.setAvailability(available: available) }
    }

    /// Quiet hours ("22:00" to "07:00"); an urgent ride to hospital still comes through unless
    /// `medicalThrough` is false. `nil` clears them.
    public func setQuietHours(_ quiet: QuietHours?) async throws {
        try await coreCall { try await client.setQuietHours(quiet: quiet) }
    }

    /// The language the relay words this member's pushes and text messages in (Chinese until told).
    public func setLanguage(_ language: SmsLanguage) async throws {
        try await coreCall { try await client.setLanguage(language: language) }
    }

    /// The language the app shows on a phone set to `locale`: the relay's refusals are said in
    /// it on this phone at once (`setShownLanguage`), and the relay is told, for its pushes and
    /// text messages. False before the phone has joined or without a link: call again then (at
    /// start, after joining, when the phone's language changes).
    public func sendLanguage(_ locale: Locale) async throws -> Bool {
        setShownLanguage(languageShown(for: locale))
        if try await identity() == nil { return false }
        do {
            try await setLanguage(languageShown(for: locale))
        } catch JinlinError.offline {
            return false
        } catch JinlinError.notRegistered {
            return false
        }
        return true
    }

    /// Where this member lives, so urgent requests with a place reach the nearest first.
    public func setHome(_ home: Location?) async throws {
        try await coreCall { try await client.setHome(home: home) }
    }

    /// Where to wake this phone when it is offline (the APNs device token on iOS).
    public func registerPush(_ service: PushService, token: String) async throws {
        try await coreCall { try await client.registerPush(service: service, token: token) }
    }

    /// "alerted 8 · seen 5 · 2 coming" for an urgent request.
    public func alertReceipts(_ requestId: String) async throws -> AlertReceiptsView {
        try await coreCall { try await client.alertReceipts(requestId: requestId) }
    }

    /// Tells the requester this member looked at the alert.
    public func alertSeen(_ requestId: String) async throws {
        try await coreCall { try await client.alertSeen(requestId: requestId) }
    }

    /// Trusts only this certificate authority (PEM) for a community relay; `nil`: the phone's own.
    public func setRelayCa(_ pem: String?) async throws {
        try await coreCall { try await client.setRelayCa(caPem: pem) }
    }

    /// The people to text when an urgent request cannot go out.
    public func setEmergencyContacts(_ contacts: [Contact]) async throws {
        try await coreCall { try await client.setEmergencyContacts(contacts: contacts) }
    }

    public func emergencyContacts() async throws -> [Contact] {
        try await coreCall { try await client.emergencyContacts() }
    }

    /// The text message to offer for an urgent request this phone raised that has not reached
    /// the relay 20 s on, or `nil`.
    public func smsFallback(_ requestId: String, leaderPhones: [LeaderPhone] = []) async throws -> SmsDraft? {
        try await coreCall { try await client.smsFallback(requestId: requestId, leaderPhones: leaderPhones) }
    }
}

extension AlertReceiptsView {
    /// More neighbours are being asked: the alert has widened past her building, or reopened
    /// because someone who was coming withdrew. The app words it (`receipts_wave`).
    public var widening: Bool { !finished && wave > 1 }
}

/// The language the app shows on a phone set to `locale`: English for an English phone, Chinese
/// otherwise (the app's development language is Chinese).
public func languageShown(for locale: Locale) -> SmsLanguage {
    locale.language.languageCode?.identifier == "en" ? .en : .zhHans
}
