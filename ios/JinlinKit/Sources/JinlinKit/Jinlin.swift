// One device's Jinlin, for Swift callers. Every action is async and runs on the library's own
// runtime; failures are `JinlinError`s whose message a person can act on. Listeners are
// AsyncStreams (Streams.swift) that stop their subscription when the consuming task ends.

import Foundation
@_exported import JinlinFFI

public final class Jinlin: @unchecked Sendable {
    public let client: JinlinClient

    /// Opens the store at `storeURL` (created if needed), syncing with `relayURL`.
    public init(storeURL: URL, relayURL: String) throws {
        client = try coreCallSync { try JinlinClient(storePath: storeURL.path, relayUrl: relayURL) }
    }

    /// The store in the app's Application Support folder, kept out of iCloud backups and
    /// device-to-device transfers: it is this installation's, and a copy restored onto a new
    /// phone while this one lives would write as the same device. A new phone signs in and
    /// receives everything from the relay instead.
    public static func openDefault(relayURL: String) throws -> Jinlin {
        let folder = try FileManager.default.url(
            for: .applicationSupportDirectory, in: .userDomainMask, appropriateFor: nil, create: true
        )
        let store = folder.appendingPathComponent("jinlin.db")
        let jinlin = try Jinlin(storeURL: store, relayURL: relayURL)
        for name in ["jinlin.db", "jinlin.db-wal", "jinlin.db-shm"] {
            var file = folder.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: file.path) else { continue }
            var values = URLResourceValues()
            values.isExcludedFromBackup = true
            try? file.setResourceValues(values)
        }
        return jinlin
    }

    // MARK: Identity and groups

    public func identity() async throws -> IdentityView? {
        try await coreCall { try await client.identity() }
    }

    public func register(name: String, building: String? = nil, unit: String? = nil) async throws -> IdentityView {
        try await coreCall { try await client.register(name: name, building: building, unit: unit) }
    }

    /// Signs this device out of its relay for good; call `sync()` first. What it wrote stays.
    public func signOut() async throws {
        try await coreCall { try await client.signOut() }
    }

    /// As staff of a group, cuts off a member's lost or handed-on phone.
    public func revokeDevice(groupId: String, memberId: String) async throws {
        try await coreCall { try await client.revokeDevice(groupId: groupId, memberId: memberId) }
    }

    public func join(code: String, building: String? = nil, unit: String? = nil) async throws -> GroupView {
        try await coreCall { try await client.join(code: code, building: building, unit: unit) }
    }

    public func groups() async throws -> [GroupView] {
        try await coreCall { try await client.groups() }
    }

    /// One group with its members, teams and settings (the command line's `group members`).
    public func group(_ groupId: String) async throws -> GroupView {
        try await coreCall { try await client.group(groupId: groupId) }
    }

    /// The group the one button raises in: the member's own building, else estate, else community.
    public func ownGroup() async throws -> GroupView? {
        try await coreCall { try await client.ownGroup() }
    }

    // MARK: Requests

    /// Raises a request; `lat` and `lon` (both or neither) say where she is, when the phone may
    /// read its position: the nearest volunteers by distance are alerted first.
    public func raise(
        groupId: String, kind: RequestKind, text: String, urgent: Bool = false, slots: Int64 = 1,
        onBehalfOf: String? = nil, building: String? = nil, unit: String? = nil,
        lat: Double? = nil, lon: Double? = nil
    ) async throws -> RequestView {
        let request = NewRequest(
            groupId: groupId, kind: kind, urgent: urgent, text: text, slots: slots,
            onBehalfOf: onBehalfOf, building: building, unit: unit, lat: lat, lon: lon
        )
        return try await coreCall { try await client.raise(request: request) }
    }

    public func accept(_ requestId: String) async throws -> RequestView {
        try await coreCall { try await client.accept(requestId: requestId) }
    }

    public func decline(_ requestId: String) async throws -> RequestView {
        try await coreCall { try await client.decline(requestId: requestId) }
    }

    public func withdraw(_ requestId: String) async throws -> RequestView {
        try await coreCall { try await client.withdraw(requestId: requestId) }
    }

    public func start(_ requestId: String) async throws -> RequestView {
        try await coreCall { try await client.start(requestId: requestId) }
    }

    public func done(_ requestId: String) async throws -> RequestView {
        try await coreCall { try await client.done(requestId: requestId) }
    }

    /// Cancels the request (the requester only).
    public func cancel(_ requestId: String) async throws -> RequestView {
        try await coreCall { try await client.cancel(requestId: requestId) }
    }

    /// One request with its sign-ups and comments.
    public func show(_ requestId: String) async throws -> RequestView {
        try await coreCall { try await client.show(requestId: requestId) }
    }

    public func nearby() async throws -> [RequestView] {
        try await coreCall { try await client.nearby() }
    }

    public func followUps() async throws -> [RequestView] {
        try await coreCall { try await client.followUps() }
    }

    public func list(groupId: String? = nil, status: Status? = nil) async throws -> [RequestView] {
        try await coreCall { try await client.list(filter: RequestFilter(groupId: groupId, status: status)) }
    }

    // MARK: The service menu and orders

    public func menu(groupId: String) async throws -> [MenuItemView] {
        try await coreCall { try await client.menu(groupId: groupId) }
    }

    public func placeOrder(
        groupId: String, itemId: String, note: String = "", preferredTime: String? = nil,
        onBehalfOf: String? = nil
    ) async throws -> OrderView {
        try await coreCall { try await client.placeOrder(
            groupId: groupId, itemId: itemId, preferredTime: preferredTime, note: note,
            onBehalfOf: onBehalfOf) }
    }

    public func orders(groupId: String? = nil) async throws -> [OrderView] {
        try await coreCall { try await client.orders(groupId: groupId) }
    }

    public func dispatchOrder(_ orderId: String, teamId: String) async throws -> OrderView {
        try await coreCall { try await client.dispatchOrder(orderId: orderId, teamId: teamId) }
    }

    public func acceptOrder(_ orderId: String) async throws -> OrderView {
        try await coreCall { try await client.acceptOrder(orderId: orderId) }
    }

    public func declineOrder(_ orderId: String) async throws -> OrderView {
        try await coreCall { try await client.declineOrder(orderId: orderId) }
    }

    public func finishOrder(_ orderId: String) async throws -> OrderView {
        try await coreCall { try await client.finishOrder(orderId: orderId) }
    }

    public func cancelOrder(_ orderId: String) async throws -> OrderView {
        try await coreCall { try await client.cancelOrder(orderId: orderId) }
    }

    public func rateOrder(_ orderId: String, stars: Int64, comment: String = "") async throws -> OrderView {
        try await coreCall { try await client.rateOrder(orderId: orderId, stars: stars, comment: comment) }
    }

    public func rateRequest(_ requestId: String, stars: Int64, comment: String = "") async throws {
        try await coreCall { try await client.rateRequest(requestId: requestId, stars: stars, comment: comment) }
    }

    public func helped() async throws -> Int32 {
        try await coreCall { try await client.helped() }
    }

    // MARK: The needs board (认领) and notices (让邻知事)

    public func board(groupId: String? = nil) async throws -> [NeedView] {
        try await coreCall { try await client.board(groupId: groupId) }
    }

    public func postWish(groupId: String, title: String, details: String = "") async throws -> NeedView {
        try await coreCall { try await client.postWish(groupId: groupId, title: title, details: details) }
    }

    /// Puts a need on a group's board as the command line's `need post` does: staff name the
    /// photo report or household it comes from, how many claimants it takes, or that it was
    /// fixed on the spot; a resident may only wish (`postWish`).
    public func postNeed(groupId: String, need: NewBoardNeed) async throws -> NeedView {
        try await coreCall { try await client.postNeed(groupId: groupId, need: need) }
    }

    public func claimNeed(_ needId: String, teamId: String? = nil) async throws -> NeedView {
        try await coreCall { try await client.claimNeed(needId: needId, teamId: teamId) }
    }

    public func noteNeedProgress(_ needId: String, note: String) async throws -> NeedView {
        try await coreCall { try await client.noteNeedProgress(needId: needId, note: note) }
    }

    public func resolveClaimedNeed(_ needId: String, resolution: String = "") async throws -> NeedView {
        try await coreCall { try await client.resolveClaimedNeed(needId: needId, resolution: resolution) }
    }

    public func confirmNeed(_ needId: String) async throws -> NeedView {
        try await coreCall { try await client.confirmNeed(needId: needId) }
    }

    public func rateNeed(_ needId: String, stars: Int64, comment: String = "") async throws -> NeedView {
        try await coreCall { try await client.rateNeed(needId: needId, stars: stars, comment: comment) }
    }

    public func notices(groupId: String? = nil) async throws -> [NoticeView] {
        try await coreCall { try await client.notices(groupId: groupId) }
    }

    public func postNotice(
        groupId: String, title: String, body: String = "", photo: String? = nil, pinnedUntil: Date? = nil
    ) async throws -> NoticeView {
        try await coreCall { try await client.postNotice(groupId: groupId, title: title, body: body, photo: photo, pinnedUntil: pinnedUntil) }
    }

    public func readNotice(_ noticeId: String) async throws -> NoticeView {
        try await coreCall { try await client.readNotice(noticeId: noticeId) }
    }

    public func noticeReads(_ noticeId: String) async throws -> NoticeReads {
        try await coreCall { try await client.noticeReads(noticeId: noticeId) }
    }

    // MARK: The visit log

    public func dueHouseholds(groupId: String? = nil) async throws -> [HouseholdSummary] {
        try await coreCall { try await client.dueHouseholds(groupId: groupId) }
    }

    /// Households of a group, optionally one building, in walking order.
    public func households(groupId: String? = nil, building: String? = nil) async throws -> [HouseholdSummary] {
        try await coreCall { try await client.households(groupId: groupId, building: building) }
    }

    /// Logs a door-to-door visit; each need found becomes a need to follow. Saved at once, offline too.
    /// `lat` and `lon` (both or neither, in degrees) say where the worker stood, when the phone may
    /// read its position; the visit keeps them. A position out of range, or half of one, is
    /// invalid input and nothing is written.
    public func logVisit(
        householdId: String, outcome: VisitOutcome, note: String? = nil, needs: [String] = [],
        followUp: String? = nil, resolvedOnTheSpot: [String] = [], photos: [String] = [],
        lat: Double? = nil, lon: Double? = nil
    ) async throws -> VisitView {
        let visit = NewVisit(
            outcome: outcome, note: note, needs: needs, followUp: followUp,
            resolvedOnTheSpot: resolvedOnTheSpot, photos: photos, lat: lat, lon: lon
        )
        return try await coreCall { try await client.logVisit(householdId: householdId, visit: visit) }
    }

    /// Corrects a logged visit (the worker who logged it, or staff): each field given changes, and
    /// the old values are kept in its history. A bad date, or nothing to change, writes nothing.
    public func editVisit(
        householdId: String, visitId: String, note: String? = nil, outcome: VisitOutcome? = nil,
        followUp: String? = nil
    ) async throws -> VisitView {
        let correction = VisitCorrection(note: note, outcome: outcome, followUp: followUp)
        return try await coreCall {
            try await client.editVisit(householdId: householdId, visitId: visitId, correction: correction)
        }
    }

    /// Households visited this cycle against the total, per building (staff, grid workers).
    public func coverage(groupId: String? = nil) async throws -> [CoverageView] {
        try await coreCall { try await client.coverage(groupId: groupId) }
    }

    /// The needs found on visits, of a group (every group kept when nil), with one status or any.
    public func householdNeeds(groupId: String? = nil, status: NeedStatus? = nil) async throws -> [HouseholdNeedView] {
        try await coreCall { try await client.householdNeeds(groupId: groupId, status: status) }
    }

    /// Marks a need found on a visit resolved, with what was done.
    public func resolveHouseholdNeed(_ needId: String, resolution: String? = nil) async throws -> HouseholdNeedView {
        try await coreCall { try await client.resolveHouseholdNeed(needId: needId, resolution: resolution) }
    }

    /// Who changed what on a visit, and when, oldest first.
    public func visitHistory(householdId: String, visitId: String) async throws -> [VisitEditView] {
        try await coreCall { try await client.visitHistory(householdId: householdId, visitId: visitId) }
    }

    public func visits(householdId: String? = nil, limit: Int32 = 50) async throws -> [VisitView] {
        try await coreCall { try await client.visits(groupId: nil, householdId: householdId, limit: limit) }
    }

    /// Visits with a follow-up date and no later visit, soonest first.
    public func visitFollowUps(groupId: String? = nil) async throws -> [VisitView] {
        try await coreCall { try await client.visitFollowUps(groupId: groupId) }
    }

    // MARK: Sync

    /// Sends what this device did and receives what it missed; offline the changes wait.
    @discardableResult
    public func sync() async throws -> SyncReport {
        try await coreCall { try await client.sync() }
    }

    /// Changes the relay refused, newest first; they no longer wait to be sent. Each says why in
    /// the language the app shows (`localizedReason`), with the refusal's stable code
    /// (`refusal`) and the relay's own English words (`reason`, for whoever helps).
    public func refused() async throws -> [RefusedChangeView] {
        try await coreCall { try await client.refused() }
    }

    /// The language the app shows (Chinese until told): the relay's refusals, in errors and in
    /// `refused()`, are said in it. It stays on the phone; `sendLanguage` sets it too.
    public func setShownLanguage(_ language: SmsLanguage) {
        client.setShownLanguage(language: language)
    }

    /// A live connection while the app is in front; cancel (or drop) the handle to close it.
    public func connectLive() throws -> TaskHandle {
        try coreCallSync { try client.connectLive() }
    }
}
