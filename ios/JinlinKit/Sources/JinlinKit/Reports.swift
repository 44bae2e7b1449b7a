// Photos and residents' photo reports, as the command line's `report` and `photo get`: the same
// calls as the Kotlin library's `Reports.kt`. A photo is kept on this phone by its SHA-256 and
// leaves with the next sync; a neighbour's photo is fetched from the relay when first looked at.

import Foundation

extension Jinlin {
    /// Keeps a photo of `groupId` on this phone; returns the SHA-256 a report or a request names it by.
    public func addPhoto(groupId: String, bytes: Data) async throws -> String {
        try await coreCall { try await client.addPhoto(groupId: groupId, bytes: bytes) }
    }

    /// A photo's bytes, from this phone or fetched from the relay (checked against its hash) and kept.
    public func photo(_ hash: String, groupId: String? = nil) async throws -> Data {
        try await coreCall { try await client.photo(hash: hash, groupId: groupId) }
    }

    /// Reports a problem to `groupId` with its photos (hashes from `addPhoto`), in her building
    /// unless one is given. `lat` and `lon` (both or neither, in degrees) say where it is, when the
    /// phone may read its position; the report's place carries them. A position out of range, or
    /// half of one, is invalid input and nothing is written.
    public func raiseReport(
        groupId: String, text: String, photos: [String] = [], building: String? = nil, unit: String? = nil,
        lat: Double? = nil, lon: Double? = nil
    ) async throws -> ReportView {
        try await coreCall {
            try await client.raiseReport(
                groupId: groupId, text: text, photos: photos, building: building, unit: unit, lat: lat, lon: lon
            )
        }
    }

    /// Reports on this phone, of a group (all when nil), with one status or any, newest first.
    public func reports(groupId: String? = nil, status: ReportStatus? = nil) async throws -> [ReportView] {
        try await coreCall { try await client.reports(groupId: groupId, status: status) }
    }

    /// One report with each step.
    public func report(_ reportId: String) async throws -> ReportView {
        try await coreCall { try await client.report(reportId: reportId) }
    }

    /// Gives a report to a member to fix (grid workers, staff, the building's leader).
    public func assignReport(_ reportId: String, memberId: String) async throws -> ReportView {
        try await coreCall { try await client.assignReport(reportId: reportId, memberId: memberId) }
    }

    /// Reports it fixed (its assignee, or those who assign).
    public func reportFixed(_ reportId: String) async throws -> ReportView {
        try await coreCall { try await client.reportFixed(reportId: reportId) }
    }

    /// Confirms the fix after checking it.
    public func checkReport(_ reportId: String) async throws -> ReportView {
        try await coreCall { try await client.checkReport(reportId: reportId) }
    }

    /// Closes the report.
    public func closeReport(_ reportId: String) async throws -> ReportView {
        try await coreCall { try await client.closeReport(reportId: reportId) }
    }
}
