package org.jinlin.sdk

import java.io.Closeable
import java.time.Duration
import java.time.Instant
import java.time.LocalDate
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import org.jinlin.core.BallotKind
import org.jinlin.core.CoverageView
import org.jinlin.core.Electorate
import org.jinlin.core.GroupKind
import org.jinlin.core.GroupView
import org.jinlin.core.HouseholdNeedView
import org.jinlin.core.HouseholdSummary
import org.jinlin.core.IdentityView
import org.jinlin.core.InviteView
import org.jinlin.core.JinlinClient
import org.jinlin.core.MenuItemView
import org.jinlin.core.NeedStatus
import org.jinlin.core.NeedView
import org.jinlin.core.NewBoardNeed
import org.jinlin.core.NewHousehold
import org.jinlin.core.NewRequest
import org.jinlin.core.NewVisit
import org.jinlin.core.NoticeReads
import org.jinlin.core.NoticeView
import org.jinlin.core.OrderView
import org.jinlin.core.ProposalView
import org.jinlin.core.RefusedChangeView
import org.jinlin.core.SmsLanguage
import org.jinlin.core.RequestFilter
import org.jinlin.core.RequestKind
import org.jinlin.core.RequestView
import org.jinlin.core.Role
import org.jinlin.core.Skill
import org.jinlin.core.Status
import org.jinlin.core.SyncReport
import org.jinlin.core.TaskHandle
import org.jinlin.core.Threshold
import org.jinlin.core.VisitCorrection
import org.jinlin.core.VisitEditView
import org.jinlin.core.VisitOutcome
import org.jinlin.core.VisitView

/**
 * One device's Jinlin, for Kotlin callers: every action is a suspend function, listeners are
 * Flows (see Flows.kt), and the object is [Closeable], so open it with [Jinlin.open] and
 * release it with `use {}` or [close].
 *
 * Actions are taken at once on the device and work offline; [sync] exchanges them with the
 * relay. Failures are [org.jinlin.core.JinlinException]s whose message a person can act on.
 */
class Jinlin private constructor(val client: JinlinClient) : Closeable {
    companion object {
        /** Opens the store at [storePath] (created if needed), syncing with [relayUrl]. */
        suspend fun open(storePath: String, relayUrl: String): Jinlin =
            withContext(Dispatchers.IO) { Jinlin(JinlinClient(storePath, relayUrl)) }
    }

    /** This device's member, or null before [register]. */
    suspend fun identity(): IdentityView? = client.identity()

    /** Registers this device with the relay under [name]; the identity is kept even offline. */
    suspend fun register(name: String, building: String? = null, unit: String? = null): IdentityView =
        client.register(name, building, unit)

    /**
     * Signs this device out of its relay for good: its token stops working and its live channel
     * closes. Call [sync] first; what it wrote stays with the neighbours.
     */
    suspend fun signOut() = client.signOut()

    /** As staff of [groupId], cuts off the lost or handed-on phone of member [memberId]. */
    suspend fun revokeDevice(groupId: String, memberId: String) = client.revokeDevice(groupId, memberId)

    /** Joins a group with an invite code, then receives the group and its requests. */
    suspend fun join(code: String, building: String? = null, unit: String? = null): GroupView =
        client.join(code, building, unit)

    /** Creates a group with this member as its staff. */
    suspend fun createGroup(name: String, kind: GroupKind, parentId: String? = null): GroupView =
        client.createGroup(name, kind, parentId)

    /** Makes an invite code for [groupId] granting [role]. */
    suspend fun invite(
        groupId: String,
        role: Role = Role.RESIDENT,
        uses: Int = 1,
        expiresIn: Duration = Duration.ofDays(7),
    ): InviteView = client.createInvite(groupId, role, uses, expiresIn)

    /** Every group this device holds. */
    suspend fun groups(): List<GroupView> = client.groups()

    /** One group with its members, teams and settings (the command line's `group members`). */
    suspend fun group(groupId: String): GroupView = client.group(groupId)

    /** The group the one button raises in: the member's own building, else estate, else community. */
    suspend fun ownGroup(): GroupView? = client.ownGroup()

    /** Updates this member's skills and home in a group. */
    suspend fun setProfile(
        groupId: String,
        skills: List<Skill>,
        building: String? = null,
        unit: String? = null,
    ): GroupView = client.setProfile(groupId, skills, building, unit)

    /**
     * Raises a request; it is saved at once and leaves with the next sync. [lat] and [lon] (both
     * or neither) say where she is, when the phone may read its position: the nearest volunteers
     * by distance are alerted first. An urgent request may leave [text] empty: its kind,
     * urgency and place are its words, and each reader's phone says them in its own language.
     */
    suspend fun raise(
        groupId: String,
        kind: RequestKind,
        text: String = "",
        urgent: Boolean = false,
        slots: Long = 1,
        onBehalfOf: String? = null,
        building: String? = null,
        unit: String? = null,
        lat: Double? = null,
        lon: Double? = null,
    ): RequestView = client.raise(NewRequest(groupId, kind, urgent, text, slots, onBehalfOf, building, unit, lat, lon))

    /** Signs up to help; tentative until the relay has seen it. */
    suspend fun accept(requestId: String): RequestView = client.accept(requestId)

    /** Hides a request from this device's nearby list: "not me, not now". */
    suspend fun decline(requestId: String): RequestView = client.decline(requestId)

    /** Withdraws this member's sign-up; the first on standby moves up. */
    suspend fun withdraw(requestId: String): RequestView = client.withdraw(requestId)

    /** Marks the request in progress. */
    suspend fun start(requestId: String): RequestView = client.start(requestId)

    /** Marks the request done. */
    suspend fun done(requestId: String): RequestView = client.done(requestId)

    /** Cancels the request (the requester only). */
    suspend fun cancel(requestId: String): RequestView = client.cancel(requestId)

    /** Comments on the request. */
    suspend fun comment(requestId: String, text: String): RequestView = client.comment(requestId, text)

    /** Requests, urgent first, then nearest, then newest. */
    suspend fun list(groupId: String? = null, status: Status? = null): List<RequestView> =
        client.list(RequestFilter(groupId, status))

    /** Open requests near this member that it has not declined. */
    suspend fun nearby(): List<RequestView> = client.nearby()

    /** The unfinished requests this member signed up for: the volunteer's visit list. */
    suspend fun followUps(): List<RequestView> = client.followUps()

    /** One request with its sign-ups and comments. */
    suspend fun show(requestId: String): RequestView = client.show(requestId)

    /** The service menu a group publishes, each item at its price. */
    suspend fun menu(groupId: String): List<MenuItemView> = client.menu(groupId)

    /** Orders an item from a group's menu (for a neighbour without a phone: [onBehalfOf]). */
    suspend fun placeOrder(
        groupId: String,
        itemId: String,
        note: String = "",
        preferredTime: String? = null,
        onBehalfOf: String? = null,
    ): OrderView = client.placeOrder(groupId, itemId, preferredTime, note, onBehalfOf)

    /** Orders on this device, newest first. */
    suspend fun orders(groupId: String? = null): List<OrderView> = client.orders(groupId)

    /** Staff: dispatches an order to a team. */
    suspend fun dispatchOrder(orderId: String, teamId: String): OrderView = client.dispatchOrder(orderId, teamId)

    /** A team member accepts an order; the first acceptance to reach the relay stands. */
    suspend fun acceptOrder(orderId: String): OrderView = client.acceptOrder(orderId)

    /** A team member declines an order, passing it back to staff. */
    suspend fun declineOrder(orderId: String): OrderView = client.declineOrder(orderId)

    /** The team member who accepted it (or staff) marks the order done. */
    suspend fun finishOrder(orderId: String): OrderView = client.finishOrder(orderId)

    /** The resident who ordered cancels, before anyone accepted. */
    suspend fun cancelOrder(orderId: String): OrderView = client.cancelOrder(orderId)

    /** The resident who ordered rates the done order once, 1 to 5 stars. */
    suspend fun rateOrder(orderId: String, stars: Long, comment: String = ""): OrderView =
        client.rateOrder(orderId, stars, comment)

    /** The one who asked rates the done help request once, 1 to 5 stars. */
    suspend fun rateRequest(requestId: String, stars: Long, comment: String = "") =
        client.rateRequest(requestId, stars, comment)

    /** How many neighbours this member has helped. */
    suspend fun helped(): Int = client.helped()

    /** Staff, or a building's leader in their own building: puts a proposal to a vote (议事). */
    suspend fun propose(
        groupId: String,
        title: String,
        text: String,
        opensAt: Instant,
        closesAt: Instant,
        ballot: BallotKind = BallotKind.YES_NO,
        options: List<String> = emptyList(),
        most: Int = 1,
        electorate: Electorate = Electorate.HOUSEHOLDS,
        quorumPct: Int = 50,
        threshold: Threshold = Threshold.MAJORITY,
        photos: List<String> = emptyList(),
        earlyClose: Boolean = false,
        secret: Boolean = false,
    ): ProposalView = client.propose(
        groupId, title, text, photos, ballot, options, most, electorate, quorumPct, threshold, opensAt, closesAt, earlyClose,
        secret,
    )

    /** Proposals of a group and the groups inside it, newest first, each with its result so far. */
    suspend fun proposals(groupId: String? = null): List<ProposalView> = client.proposals(groupId)

    /** Adds to a proposal's discussion. */
    suspend fun commentProposal(proposalId: String, text: String): ProposalView = client.commentProposal(proposalId, text)

    /** Casts (or changes, until the close) this member's ballot, or their household's. */
    suspend fun vote(proposalId: String, choices: List<String>): ProposalView = client.vote(proposalId, choices)

    /** Staff: closes a vote early, when the proposal allows it. */
    suspend fun closeProposal(proposalId: String): ProposalView = client.closeProposal(proposalId)
    /** The board (认领): open needs of a group and the groups inside it, newest first. */
    suspend fun board(groupId: String? = null): List<NeedView> = client.board(groupId)

    /** Posts a small wish (微心愿); staff's goes on the board at once. */
    suspend fun postWish(groupId: String, title: String, details: String = ""): NeedView =
        client.postWish(groupId, title, details)

    /**
     * Puts a need on a group's board as the command line's `need post` does: staff name the
     * photo report or household it comes from, how many claimants it takes, or that it was fixed
     * on the spot; a resident may only wish ([postWish]).
     */
    suspend fun postNeed(groupId: String, need: NewBoardNeed): NeedView = client.postNeed(groupId, need)

    /** Claims a need, for oneself or a team one is on; the first claims to reach the relay stand. */
    suspend fun claimNeed(needId: String, teamId: String? = null): NeedView = client.claimNeed(needId, teamId)

    /** A claimant whose claim stands notes progress. */
    suspend fun noteNeedProgress(needId: String, note: String): NeedView = client.noteNeedProgress(needId, note)

    /** A claimant whose claim stands marks the need resolved. */
    suspend fun resolveClaimedNeed(needId: String, resolution: String = ""): NeedView =
        client.resolveClaimedNeed(needId, resolution)

    /** Staff confirm a resolved need. */
    suspend fun confirmNeed(needId: String): NeedView = client.confirmNeed(needId)

    /** The one who asked rates the confirmed need once, 1 to 5 stars. */
    suspend fun rateNeed(needId: String, stars: Long, comment: String = ""): NeedView =
        client.rateNeed(needId, stars, comment)

    /** Notices (让邻知事) of a group and the groups above it, pinned first. */
    suspend fun notices(groupId: String? = null): List<NoticeView> = client.notices(groupId)

    /** Staff and building leaders post a notice, pinned until [pinnedUntil] if given. */
    suspend fun postNotice(
        groupId: String,
        title: String,
        body: String = "",
        photo: String? = null,
        pinnedUntil: Instant? = null,
    ): NoticeView = client.postNotice(groupId, title, body, photo, pinnedUntil)

    /** Records that this member read the notice (once). */
    suspend fun readNotice(noticeId: String): NoticeView = client.readNotice(noticeId)

    /** Staff: how many households have read a notice. */
    suspend fun noticeReads(noticeId: String): NoticeReads = client.noticeReads(noticeId)

    /** Registers a household in the visit log (grid workers, staff, building leaders). */
    suspend fun addHousehold(household: NewHousehold): HouseholdSummary = client.addHousehold(household)

    /** Households due a visit, in walking order (building, floor, unit). */
    suspend fun dueHouseholds(groupId: String? = null): List<HouseholdSummary> = client.dueHouseholds(groupId)

    /** Households of a group, optionally one building, in walking order. */
    suspend fun households(groupId: String? = null, building: String? = null): List<HouseholdSummary> =
        client.households(groupId, building)

    /**
     * Logs a door-to-door visit; saved at once, offline too. [lat] and [lon] (both or neither, in
     * degrees) say where the worker stood, when the phone may read its position; the visit keeps
     * them ([VisitView.lat], [VisitView.lon]). A position out of range, or half of one, is
     * `JinlinException.InvalidInput` and nothing is written.
     */
    suspend fun logVisit(
        householdId: String,
        outcome: VisitOutcome,
        note: String? = null,
        needs: List<String> = emptyList(),
        followUp: LocalDate? = null,
        resolvedOnTheSpot: List<String> = emptyList(),
        photos: List<String> = emptyList(),
        lat: Double? = null,
        lon: Double? = null,
    ): VisitView = client.logVisit(householdId, NewVisit(outcome, note, needs, followUp, resolvedOnTheSpot, photos, lat, lon))

    /**
     * Corrects a logged visit (the worker who logged it, or staff): each field given changes, and
     * the old values are kept in its history ([visitHistory]). A day the core cannot keep, or
     * nothing to change, is refused and writes nothing.
     */
    suspend fun editVisit(
        householdId: String,
        visitId: String,
        note: String? = null,
        outcome: VisitOutcome? = null,
        followUp: LocalDate? = null,
    ): VisitView = client.editVisit(householdId, visitId, VisitCorrection(note, outcome, followUp))

    /** Households visited this cycle against the total, per building (staff, grid workers). */
    suspend fun coverage(groupId: String? = null): List<CoverageView> = client.coverage(groupId)

    /** The needs found on visits, of a group (every group kept when null), with one status or any. */
    suspend fun householdNeeds(groupId: String? = null, status: NeedStatus? = null): List<HouseholdNeedView> =
        client.householdNeeds(groupId, status)

    /** Marks a need found on a visit resolved, with what was done. */
    suspend fun resolveHouseholdNeed(needId: String, resolution: String? = null): HouseholdNeedView =
        client.resolveHouseholdNeed(needId, resolution)

    /** Who changed what on a visit, and when, oldest first. */
    suspend fun visitHistory(householdId: String, visitId: String): List<VisitEditView> =
        client.visitHistory(householdId, visitId)

    /** The visit log, newest first. */
    suspend fun visits(groupId: String? = null, householdId: String? = null, limit: Int = 50): List<VisitView> =
        client.visits(groupId, householdId, limit)

    /** Visits with a follow-up date and no later visit, soonest first. */
    suspend fun visitFollowUps(groupId: String? = null): List<VisitView> = client.visitFollowUps(groupId)

    /** Sends what this device did and receives what it missed; `Offline` keeps it for later. */
    suspend fun sync(): SyncReport = client.sync()

    /**
     * Changes the relay refused, newest first; they no longer wait to be sent. Each says why in
     * the language the app shows ([RefusedChangeView.localizedReason], see [setShownLanguage]),
     * with the refusal's stable code ([RefusedChangeView.refusal]) and the relay's own words
     * ([RefusedChangeView.reason], English, for whoever helps).
     */
    suspend fun refused(): List<RefusedChangeView> = client.refused()

    /**
     * The language the app shows (Chinese until told): the relay's refusals, in errors'
     * [JinlinException.messageArgs] and in [refused], are said in it. It stays on the phone;
     * [sendLanguage] sets it too, and tells the relay.
     */
    fun setShownLanguage(language: SmsLanguage) = client.setShownLanguage(language)

    /** Keeps a live connection to the relay until the returned handle is closed. */
    fun connectLive(): TaskHandle = client.connectLive()

    /** Sets the name and home neighbours see, without a relay (registering does it too). */
    suspend fun setIdentity(name: String, building: String? = null, unit: String? = null): IdentityView =
        client.setIdentity(name, building, unit)

    override fun close() = client.close()
}
