// Staff's tools: teams, the service menu, the board's staff steps and figures, taking a notice
// down. The same calls as the Kotlin library's `Staff.kt`; anyone else gets
// `JinlinError.notAllowed` and nothing is written.

import Foundation

extension Jinlin {
    /// Staff: creates a team in a group (a skill team unless `team.kind` says otherwise).
    public func createTeam(groupId: String, team: NewTeam) async throws -> TeamView {
        try await coreCall { try await client.createTeam(groupId: groupId, team: team) }
    }

    /// Puts a member on a team (the team's leader, or staff).
    public func addToTeam(groupId: String, team: String, memberId: String) async throws {
        try await coreCall { try await client.setTeamMember(groupId: groupId, team: team, memberId: memberId, on: true) }
    }

    /// Takes a member off a team.
    public func removeFromTeam(groupId: String, team: String, memberId: String) async throws {
        try await coreCall { try await client.setTeamMember(groupId: groupId, team: team, memberId: memberId, on: false) }
    }

    /// Staff: publishes an item on the group's service menu.
    public func addMenuItem(groupId: String, item: NewMenuItem) async throws -> MenuItemView {
        try await coreCall { try await client.addMenuItem(groupId: groupId, item: item) }
    }

    /// Staff: takes an item off the menu; orders already placed go on.
    public func withdrawMenuItem(groupId: String, itemId: String) async throws {
        try await coreCall { try await client.withdrawMenuItem(groupId: groupId, itemId: itemId) }
    }

    /// One need of the board with its claims and progress.
    public func need(_ needId: String) async throws -> NeedView {
        try await coreCall { try await client.need(needId: needId) }
    }

    /// The board of a group (all when nil) with one status; nil status: every need.
    public func boardNeeds(groupId: String? = nil, status: BoardStatus? = nil) async throws -> [NeedView] {
        try await coreCall { try await client.boardNeeds(groupId: groupId, status: status) }
    }

    /// Staff: puts a resident's small wish on the board.
    public func publishNeed(_ needId: String) async throws -> NeedView {
        try await coreCall { try await client.publishNeed(needId: needId) }
    }

    /// Withdraws this member's claim; the first on standby moves up.
    public func unclaimNeed(_ needId: String) async throws -> NeedView {
        try await coreCall { try await client.unclaimNeed(needId: needId) }
    }

    /// Staff: takes a need off the board (or a resident withdraws her own wish).
    public func withdrawNeed(_ needId: String) async throws -> NeedView {
        try await coreCall { try await client.withdrawNeed(needId: needId) }
    }

    /// The board's figures for a group, per month and per team.
    public func needFigures(groupId: String) async throws -> NeedFigures {
        try await coreCall { try await client.needFigures(groupId: groupId) }
    }

    /// Staff, or whoever posted it: takes a notice down.
    public func withdrawNotice(_ noticeId: String) async throws {
        try await coreCall { try await client.withdrawNotice(noticeId: noticeId) }
    }
}
