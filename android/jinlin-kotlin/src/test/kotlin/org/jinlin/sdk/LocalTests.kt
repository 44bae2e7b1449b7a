package org.jinlin.sdk

import java.time.LocalDate
import java.util.Collections
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue
import kotlinx.coroutines.delay
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import org.jinlin.core.GroupKind
import org.jinlin.core.JinlinException
import org.jinlin.core.NewHousehold
import org.jinlin.core.RequestChange
import org.jinlin.core.RequestKind
import org.jinlin.core.RequestListener
import org.jinlin.core.RequestView
import org.jinlin.core.ResidentView
import org.jinlin.core.RiskTier
import org.jinlin.core.SignupState
import org.jinlin.core.Status
import org.jinlin.core.VisitOutcome

/* What a device does on its own, with no relay: everything is saved at once, offline. */

val localCases = listOf(
    Case("a_request_raised_offline_is_saved_and_listed_at_once") {
        val phone = device("phone")
        phone.setIdentity("Resident", building = "3", unit = "1202")
        val group = phone.createGroup("Riverside Estate", GroupKind.ESTATE)
        phone.raise(group.id, RequestKind.ERRAND, "Medicine from the pharmacy")
        val urgent = phone.raise(group.id, RequestKind.HOSPITAL, "A ride to hospital now", urgent = true, slots = 2)
        val list = phone.list()
        assertEquals(2, list.size)
        assertEquals(urgent.id, list.first().id, "urgent requests come first")
        assertEquals(Status.OPEN, list.first().status)
        assertEquals(2, list.first().slots)
        assertEquals("3", list.first().place.building, "the place defaults to the requester's home")
    },

    Case("a_request_raised_from_the_phone_carries_where_she_is_and_a_half_given_place_is_refused") {
        val phone = device("placed")
        phone.setIdentity("Resident", building = "3", unit = "1202")
        val group = phone.createGroup("Riverside Estate", GroupKind.ESTATE)
        val ride = phone.raise(group.id, RequestKind.HOSPITAL, "Take me to hospital", urgent = true, lat = 24.48, lon = 118.09)
        assertEquals(24.48, ride.place.lat)
        assertEquals(118.09, ride.place.lon)
        assertFailsWith<JinlinException.InvalidInput> {
            phone.raise(group.id, RequestKind.HOSPITAL, "Take me to hospital", urgent = true, lat = 24.48)
        }
        assertEquals(1, phone.list().size, "the refused request wrote nothing")
    },

    Case("a_closed_store_reopens_with_its_requests") {
        val path = dir.resolve("reopen.db").toString()
        val id = Jinlin.open(path, nowhere).use { phone ->
            phone.setIdentity("Resident")
            val group = phone.createGroup("Building 3", GroupKind.BUILDING)
            phone.raise(group.id, RequestKind.REPAIR, "The hall light is out").id
        }
        Jinlin.open(path, nowhere).use { phone ->
            assertEquals("The hall light is out", phone.show(id).text)
            assertEquals("Resident", phone.identity()?.name)
        }
    },

    Case("a_volunteer_sign_up_is_tentative_until_the_relay_has_seen_it") {
        val phone = device("phone")
        phone.setIdentity("Neighbour")
        val group = phone.createGroup("Building 3", GroupKind.BUILDING)
        val request = phone.raise(group.id, RequestKind.COMPANIONSHIP, "A walk in the park", onBehalfOf = "Old Mr Zhao")
        val after = phone.accept(request.id)
        assertEquals(listOf(SignupState.TENTATIVE), after.signups.map { it.state })
        assertEquals(listOf(request.id), phone.followUps().map { it.id })
    },

    Case("the_requests_flow_shows_the_list_then_each_change") {
        val phone = device("phone")
        phone.setIdentity("Resident")
        val group = phone.createGroup("Building 3", GroupKind.BUILDING)
        coroutineScope {
            val seen = Collections.synchronizedList(mutableListOf<List<RequestView>>())
            val collector = launch { phone.requests().collect { seen += it } }
            waitUntil { seen.isNotEmpty() }
            assertTrue(seen.first().isEmpty(), "first the list as it is")
            phone.raise(group.id, RequestKind.ERRAND, "Bread")
            waitUntil { seen.last().size == 1 }
            collector.cancel()
        }
    },

    Case("a_grid_worker_logs_a_visit_and_finds_it_in_the_log_and_follow_ups") {
        val phone = device("worker")
        phone.setIdentity("Grid worker")
        val estate = phone.createGroup("Riverside Estate", GroupKind.ESTATE)
        val home = phone.addHousehold(
            NewHousehold(estate.id, "3", "1202", listOf(ResidentView("Resident", null)), RiskTier.RED, emptyList()),
        )
        assertEquals(listOf(home.id), phone.dueHouseholds().map { it.id }, "never visited: due")
        val visit = phone.logVisit(home.id, VisitOutcome.MET, note = "Doing well", followUp = LocalDate.of(2099, 1, 31))
        assertTrue(phone.dueHouseholds().isEmpty(), "just visited")
        assertEquals(listOf(visit), phone.visits())
        assertEquals(listOf(visit.id), phone.visitFollowUps().map { it.id })
    },

    Case("a_cancelled_listener_hears_nothing_more") {
        val phone = device("phone")
        phone.setIdentity("Resident")
        val group = phone.createGroup("Building 3", GroupKind.BUILDING)
        val heard = Collections.synchronizedList(mutableListOf<RequestChange>())
        val handle = phone.client.subscribeRequests(object : RequestListener {
            override fun onChange(change: RequestChange) {
                heard += change
            }
        })
        val first = phone.raise(group.id, RequestKind.ERRAND, "Bread")
        waitUntil { heard.size == 1 }
        assertEquals(first.id, heard.single().requestId)
        assertEquals(false, heard.single().remote)
        handle.cancel()
        handle.close()
        // A second listener hears the next change; by then the cancelled one would have too.
        val later = Collections.synchronizedList(mutableListOf<RequestChange>())
        phone.client.subscribeRequests(object : RequestListener {
            override fun onChange(change: RequestChange) {
                later += change
            }
        }).use {
            phone.raise(group.id, RequestKind.ERRAND, "Milk")
            waitUntil { later.size == 1 }
        }
        assertEquals(1, heard.size, "no change is heard after cancel")
    },
)

/** Waits up to [ms] for [ok] to hold. */
suspend fun waitUntil(ms: Long = 10_000, ok: () -> Boolean) {
    val deadline = System.currentTimeMillis() + ms
    while (!ok()) {
        check(System.currentTimeMillis() < deadline) { "timed out waiting" }
        delay(10)
    }
}
