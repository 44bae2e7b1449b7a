// What every screen's view model shares, and what the phone's platform does for alerts behind
// protocols the view models take: whether notifications may be shown and whether the person was
// asked, where the phone is, and the push token that wakes a closed app. The same rules as the
// Kotlin presenters (android/jinlin-kotlin), which are tested on the JVM against a real relay.

import Foundation

extension Jinlin {
    /// Sends what this phone did now. False when the relay cannot be reached: the change is kept
    /// on the phone and leaves with the next sync. Any other refusal is thrown.
    public func sendNow() async throws -> Bool {
        do {
            try await sync()
            return true
        } catch JinlinError.offline {
            return false
        }
    }
}

extension Status {
    /// Done or cancelled: nothing more happens to it.
    public var isFinal: Bool { self == .done || self == .cancelled }
}

/// Whether this phone may show notifications, and whether its person was asked already.
public protocol NotificationPermission: Sendable {
    /// Notifications may be shown (authorized or provisional).
    func granted() async -> Bool
    /// The person was asked already: ask once, never nag.
    func asked() -> Bool
}

extension NotificationPermission {
    /// Explain and ask now: she has just raised or volunteered, notifications are off, and she
    /// was not asked before.
    public func worthAsking() async -> Bool {
        let allowed = await granted()
        return !allowed && !asked()
    }
}

/// Notifications allowed (for previews and callers that do not look at them).
public struct NotificationsAllowed: NotificationPermission {
    public init() {}
    public func granted() async -> Bool { true }
    public func asked() -> Bool { true }
}

/// Where the phone is now, if the person allowed the app to know; nil when not (or unknown).
public protocol Whereabouts: Sendable {
    func position() async -> Location?
}

/// No position: the request carries her home's building and unit only.
public struct NowhereKnown: Whereabouts {
    public init() {}
    public func position() async -> Location? { nil }
}

/// A push token and the service that issued it.
public struct PushToken: Equatable, Sendable {
    public let service: PushService
    public let token: String
    public init(service: PushService, token: String) {
        self.service = service
        self.token = token
    }
}

/// Where the token last sent to the relay is remembered (UserDefaults on a phone).
public protocol PushTokenMemory {
    func sent() -> PushToken?
    func remember(_ token: PushToken)
}

extension Jinlin {
    /// Sends the push token to the relay if it does not have it yet. True when the relay has it;
    /// before the phone has joined, or without a link, false (try again later); a token the
    /// relay refuses is thrown.
    public func registerPushToken(_ token: PushToken, memory: PushTokenMemory) async throws -> Bool {
        if memory.sent() == token { return true }
        if try await identity() == nil { return false }
        do {
            try await registerPush(token.service, token: token.token)
        } catch JinlinError.offline {
            return false
        } catch JinlinError.notRegistered {
            return false
        }
        memory.remember(token)
        return true
    }
}
