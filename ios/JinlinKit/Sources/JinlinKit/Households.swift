// One household whole, the members who cast its ballot (一户一票), and handing a need found on a
// visit to a member or a team: the same calls as the Kotlin library's `Households.kt`. Only the
// registry's keepers may; anyone else gets `JinlinError.notAllowed` and nothing is written.

import Foundation

extension Jinlin {
    /// One household with its residents (and their phones), visits, needs and voters.
    public func household(_ householdId: String) async throws -> HouseholdDetails {
        try await coreCall { try await client.household(householdId: householdId) }
    }

    /// Links a member, an adult who lives there, as one who casts the household's ballot.
    public func linkVoter(_ householdId: String, memberId: String) async throws -> HouseholdDetails {
        try await coreCall { try await client.linkVoter(householdId: householdId, memberId: memberId, linked: true) }
    }

    /// Unlinks a member from casting the household's ballot.
    public func unlinkVoter(_ householdId: String, memberId: String) async throws -> HouseholdDetails {
        try await coreCall { try await client.linkVoter(householdId: householdId, memberId: memberId, linked: false) }
    }

    /// Hands a need found on a visit to a member, due on `due` (`YYYY-MM-DD`).
    public func assignNeed(_ needId: String, toMember memberId: String, due: String? = nil) async throws -> HouseholdNeedView {
        try await coreCall {
            try await client.assignHouseholdNeed(needId: needId, memberId: memberId, team: nil, due: due)
        }
    }

    /// Hands a need found on a visit to a team (its id or name), due on `due` (`YYYY-MM-DD`).
    public func assignNeed(_ needId: String, toTeam team: String, due: String? = nil) async throws -> HouseholdNeedView {
        try await coreCall {
            try await client.assignHouseholdNeed(needId: needId, memberId: nil, team: team, due: due)
        }
    }
}
