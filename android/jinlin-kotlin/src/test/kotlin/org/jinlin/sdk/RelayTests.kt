package org.jinlin.sdk

import java.util.Collections
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.yield
import org.jinlin.core.GroupKind
import org.jinlin.core.GroupView
import org.jinlin.core.JinlinException
import org.jinlin.core.Missing
import org.jinlin.core.RequestKind
import org.jinlin.core.RequestView
import org.jinlin.core.Role
import org.jinlin.core.SignupState
import org.jinlin.core.Status
import org.jinlin.core.SyncState
import org.jinlin.core.SyncStateListener
import org.jinlin.core.UrgentAlertListener

/* Devices against a real relay process on loopback. */

/** A community office, a resident and two volunteers, all members of one estate. */
class Estate(val office: Jinlin, val resident: Jinlin, val first: Jinlin, val second: Jinlin, val group: GroupView)

suspend fun Ctx.estate(relay: Relay): Estate {
    val office = device("office", relay.url)
    office.register("Community office")
    val group = office.createGroup("Riverside Estate", GroupKind.ESTATE)
    office.sync()
    suspend fun member(name: String, role: Role, building: String): Jinlin {
        val phone = device(name, relay.url)
        phone.register(name, building = building)
        val code = office.invite(group.id, role).code
        assertEquals(group.id, phone.join(code).id)
        return phone
    }
    val resident = member("Resident", Role.RESIDENT, "3")
    val first = member("First volunteer", Role.VOLUNTEER, "3")
    val second = member("Second volunteer", Role.VOLUNTEER, "5")
    return Estate(office, resident, first, second, group)
}

/** Who holds which sign-up state, as one device sees a request. */
fun RequestView.lineUp(): List<Pair<String, SignupState>> = signups.map { it.memberName to it.state }

val relayCases = listOf(
    Case("hospital_story_one_raises_two_accept_exactly_one_is_confirmed_and_everyone_agrees") {
        val relay = relay()
        val e = estate(relay)
        val alerts = Collections.synchronizedList(mutableListOf<RequestView>())
        val alerting = e.first.client.subscribeUrgent(object : UrgentAlertListener {
            override fun onUrgent(request: RequestView) {
                alerts += request
            }
        })

        val ride = e.resident.raise(e.group.id, RequestKind.HOSPITAL, "Dialysis at 9, need a ride", urgent = true)
        e.resident.sync()
        e.first.sync()
        e.second.sync()
        waitUntil { alerts.size == 1 }
        assertEquals(ride.id, alerts.single().id, "the urgent request alerted the neighbour")

        e.first.accept(ride.id)
        e.second.accept(ride.id)
        e.first.sync()
        e.second.sync()
        for (phone in listOf(e.resident, e.first, e.second, e.first)) phone.sync()

        val views = listOf(e.resident, e.first, e.second).map { it.show(ride.id) }
        val expected = listOf("First volunteer" to SignupState.CONFIRMED, "Second volunteer" to SignupState.STANDBY)
        for (view in views) assertEquals(expected, view.lineUp(), "every device shows the same line-up")
        assertEquals(1, views.first().signups.count { it.state == SignupState.CONFIRMED })

        e.first.start(ride.id)
        e.first.done(ride.id)
        e.first.sync()
        e.resident.sync()
        e.second.sync()
        for (phone in listOf(e.resident, e.first, e.second)) assertEquals(Status.DONE, phone.show(ride.id).status)
        assertEquals(1, alerts.size, "one alert per request")
        alerting.close()
    },

    Case("an_offline_accept_is_tentative_then_lines_up_behind_the_one_that_reached_the_relay_first") {
        var relay = relay()
        val e = estate(relay)
        val ride = e.resident.raise(e.group.id, RequestKind.HOSPITAL, "Ride to the clinic")
        e.resident.sync()
        e.first.sync()
        e.second.sync()

        relay.stop()
        val offline = e.first.accept(ride.id)
        assertEquals(listOf(SignupState.TENTATIVE), offline.signups.map { it.state })
        assertFailsWith<JinlinException.Offline> { e.first.sync() }
        assertEquals(SignupState.TENTATIVE, e.first.show(ride.id).signups.single().state, "kept on the device")

        relay = restart(relay)
        e.second.accept(ride.id)
        e.second.sync()
        e.first.sync()
        e.second.sync()
        e.resident.sync()
        val expected = listOf("Second volunteer" to SignupState.CONFIRMED, "First volunteer" to SignupState.STANDBY)
        for (phone in listOf(e.resident, e.first, e.second)) assertEquals(expected, phone.show(ride.id).lineUp())
    },

    Case("cancelling_someone_elses_request_is_not_allowed") {
        val relay = relay()
        val e = estate(relay)
        val request = e.resident.raise(e.group.id, RequestKind.ERRAND, "Groceries")
        e.resident.sync()
        e.first.sync()
        val error = assertFailsWith<JinlinException.NotAllowed> { e.first.cancel(request.id) }
        assertEquals("not_allowed", error.code())
        assertTrue(error.reason.isNotEmpty(), "the rule is named for whoever helps her")
        assertEquals(Status.OPEN, e.first.show(request.id).status, "nothing was written")
    },

    Case("an_unknown_invite_code_is_not_found_a_mistyped_one_is_no_code_and_a_used_up_one_is_gone") {
        val relay = relay()
        val e = estate(relay)
        val phone = device("newcomer", relay.url)
        phone.register("Newcomer")
        val unknown = assertFailsWith<JinlinException.NotFound> { phone.join("ABCDE-FGHJK") }
        assertEquals(Missing.INVITE, unknown.what)
        // Text that cannot be a code (too short, a look-alike) is explained before anything is sent.
        val mistyped = assertFailsWith<JinlinException.BadInviteCode> { phone.join("ABCDEFGH") }
        assertEquals("bad_invite_code", mistyped.code())
        val code = e.office.invite(e.group.id, Role.RESIDENT, uses = 1).code
        val late = device("late", relay.url)
        late.register("Late")
        phone.join(code)
        assertFailsWith<JinlinException.InviteGone> { late.join(code) }
    },

    Case("the_sync_state_listener_reports_offline_with_pending_changes_then_online") {
        var relay = relay()
        val e = estate(relay)
        val states = Collections.synchronizedList(mutableListOf<SyncState>())
        e.resident.client.subscribeSyncState(object : SyncStateListener {
            override fun onSyncState(state: SyncState) {
                states += state
            }
        }).use {
            relay.stop()
            e.resident.raise(e.group.id, RequestKind.ERRAND, "Bread")
            assertFailsWith<JinlinException.Offline> { e.resident.sync() }
            waitUntil { states.isNotEmpty() }
            assertEquals(SyncState(online = false, pending = 1L), states.last())
            relay = restart(relay)
            val report = e.resident.sync()
            assertEquals(0L, report.pending)
            assertTrue(report.sentChanges >= 1L)
            waitUntil { states.last().online }
            assertEquals(SyncState(online = true, pending = 0L), states.last())
        }
    },

    Case("the_sync_state_flow_follows_the_listener") {
        val relay = relay()
        val e = estate(relay)
        coroutineScope {
            val first = async { e.resident.syncStates().first() }
            // The flow subscribes once collected; sync until it has heard one state.
            while (!first.isCompleted) {
                e.resident.sync()
                yield()
            }
            assertEquals(SyncState(online = true, pending = 0L), first.await())
        }
    },

    Case("the_sync_state_has_a_value_at_once_counting_what_waits_then_follows_each_sync") {
        var relay = relay()
        val e = estate(relay)
        relay.stop()
        e.resident.raise(e.group.id, RequestKind.ERRAND, "Bread")
        coroutineScope {
            val watching = Job(coroutineContext[Job])
            val state = e.resident.syncState(CoroutineScope(coroutineContext + watching))
            assertEquals(SyncState(online = false, pending = 1L), state.value, "known before any sync")
            yield() // the listener is subscribed before the sync
            relay = restart(relay)
            e.resident.sync()
            waitUntil { state.value.online }
            assertEquals(SyncState(online = true, pending = 0L), state.value)
            watching.cancel()
        }
    },

    Case("a_live_connection_brings_an_urgent_request_without_a_sync") {
        val relay = relay()
        val e = estate(relay)
        val seen = Collections.synchronizedList(mutableListOf<RequestView>())
        val alerting = e.first.client.subscribeUrgent(object : UrgentAlertListener {
            override fun onUrgent(request: RequestView) {
                seen += request
            }
        })
        e.first.connectLive().use {
            val help = e.resident.raise(e.group.id, RequestKind.HOSPITAL, "Fell in the kitchen", urgent = true)
            e.resident.sync()
            waitUntil(20_000) { seen.isNotEmpty() }
            assertEquals(help.id, seen.first().id)
        }
        alerting.close()
    },

    Case("a_lost_phone_is_cut_off_by_the_office_and_a_phone_signs_out_for_good") {
        val relay = relay()
        val e = estate(relay)
        val lost = e.first.identity()!!.memberId
        e.office.revokeDevice(e.group.id, lost)
        assertFailsWith<JinlinException> { e.first.sync() }
        e.second.sync()
        e.second.signOut()
        assertFailsWith<JinlinException> { e.second.sync() }
        e.resident.sync()
        assertTrue(e.resident.groups().any { it.id == e.group.id }, "everyone else carries on")
    },
)
