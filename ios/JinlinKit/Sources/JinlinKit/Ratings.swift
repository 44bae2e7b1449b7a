// The rest of the command line's service and group calls: `order show`, `rate teams` and
// `group revoke`. The same calls as the Kotlin library's `Ratings.kt`.

import Foundation

extension Jinlin {
    /// One order with its acceptances and rating.
    public func order(_ orderId: String) async throws -> OrderView {
        try await coreCall { try await client.order(orderId: orderId) }
    }

    /// How a group's teams and volunteers were rated, from what this phone holds.
    public func ratings(groupId: String) async throws -> RatingsView {
        try await coreCall { try await client.ratings(groupId: groupId) }
    }

    /// Staff: takes back an invite code; nobody can join with it any more. Needs the relay.
    public func revokeInvite(_ code: String) async throws {
        try await coreCall { try await client.revokeInvite(code: code) }
    }
}
