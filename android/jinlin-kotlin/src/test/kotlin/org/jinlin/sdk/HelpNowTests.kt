package org.jinlin.sdk

import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import org.jinlin.core.JinlinException
import org.jinlin.core.Location
import org.jinlin.core.RequestKind
import org.jinlin.core.Role
import org.jinlin.core.Status

/* The "help now" screen's presenter, against a real relay and a community tree. */


val helpNowCases = listOf(
    Case("her_one_tap_raises_a_ride_to_hospital_from_her_home_and_she_reads_who_is_coming_then_can_cancel") {
        val relay = relay()
        val n = neighbourhood(relay)
        val here = Location(24.4799, 118.0895)
        val screen = HelpNowPresenter(n.resident, whereabouts = { here })
        screen.handle(HelpNowEvent.Load)
        assertTrue(screen.state.value.joined)
        assertEquals(n.building3.id, screen.state.value.group?.id, "the tap raises in her own building")

        screen.handle(HelpNowEvent.TakeMeToHospital)
        val raised = screen.state.value
        assertNull(raised.error)
        assertFalse(raised.offline, "it went out at once")
        val request = assertNotNull(raised.request)
        assertEquals(RequestKind.HOSPITAL, request.kind)
        assertTrue(request.urgent)
        assertEquals("", request.text, "no sentence in her language: every reader words it")
        assertTrue(request.standard)
        assertEquals("3" to "1202", request.place.building to request.place.unit, "from her home")
        assertEquals(here.lat, request.place.lat)
        assertEquals(here.lon, request.place.lon)
        val alerted = assertNotNull(raised.receipts).alerted
        assertTrue(alerted >= 2, "her building's volunteer and the estate's driver are alerted: $alerted")
        assertEquals(0, raised.receipts.coming)

        screen.handle(HelpNowEvent.TakeMeToHospital)
        assertEquals(request.id, screen.state.value.request?.id, "a second tap raises nothing new")
        assertEquals(1, n.resident.list().count { it.urgent }, "one request, not two")

        // The driver in building 5 takes her; the next refresh says so.
        n.driver.sync()
        n.driver.accept(request.id)
        n.driver.sync()
        screen.handle(HelpNowEvent.Refresh)
        val coming = assertNotNull(screen.state.value.receipts)
        assertEquals(1, coming.coming)
        assertTrue(coming.finished, "one slot, one coming")

        screen.handle(HelpNowEvent.Cancel)
        assertNull(screen.state.value.request, "nothing open any more")
        n.driver.sync()
        assertEquals(Status.CANCELLED, n.driver.show(request.id).status, "the driver is told")
    },

    Case("offline_her_tap_is_kept_on_the_phone_and_goes_out_with_the_first_link") {
        var relay = relay()
        val n = neighbourhood(relay)
        val screen = HelpNowPresenter(n.resident)
        screen.handle(HelpNowEvent.Load)
        relay.stop()

        screen.handle(HelpNowEvent.TakeMeToHospital)
        val kept = screen.state.value
        assertNull(kept.error, "no signal is not her mistake")
        assertTrue(kept.offline)
        val request = assertNotNull(kept.request, "her request is on the screen")
        assertNull(request.place.lat, "no position without permission")

        relay = restart(relay)
        screen.handle(HelpNowEvent.Refresh)
        assertFalse(screen.state.value.offline, "sent with the first link")
        assertTrue(assertNotNull(screen.state.value.receipts).alerted >= 1)
        n.neighbour.sync()
        assertEquals(request.id, n.neighbour.show(request.id).id, "her building's volunteer has it")
    },

    Case("the_help_screen_follows_her_request_while_shown_and_lets_go_of_it_when_done") {
        val relay = relay()
        val n = neighbourhood(relay)
        val screen = HelpNowPresenter(n.resident, refreshEvery = java.time.Duration.ofMillis(100))
        coroutineScope {
            val running = launch { screen.run() }
            waitUntil { screen.state.value.loaded }
            screen.handle(HelpNowEvent.TakeMeToHospital)
            val id = screen.state.value.request!!.id
            n.neighbour.sync()
            n.neighbour.accept(id)
            n.neighbour.sync()
            waitUntil { screen.state.value.receipts?.coming == 1 }
            n.neighbour.start(id)
            n.neighbour.done(id)
            n.neighbour.sync()
            n.resident.sync()
            waitUntil { screen.state.value.request == null }
            running.cancel()
        }
    },

    Case("a_new_phone_shows_the_join_form_and_a_mistyped_code_is_explained_not_joined") {
        val relay = relay()
        val n = neighbourhood(relay)
        val phone = device("newcomer", relay.url)
        val screen = HelpNowPresenter(phone)
        screen.handle(HelpNowEvent.Load)
        assertTrue(screen.state.value.loaded)
        assertFalse(screen.state.value.joined, "the join form")
        screen.handle(HelpNowEvent.TakeMeToHospital)
        assertIs<JinlinException.NotRegistered>(screen.state.value.error, "asked to join first")
        assertNull(screen.state.value.request)

        screen.handle(HelpNowEvent.Join("Newcomer", "5", "808", "ABCDEFGH"))
        assertIs<JinlinException.BadInviteCode>(screen.state.value.error)
        assertFalse(screen.state.value.joined)

        val code = n.office.invite(n.building5.id, Role.RESIDENT).code
        screen.handle(HelpNowEvent.Join("Newcomer", "5", "808", " $code "))
        assertNull(screen.state.value.error)
        assertTrue(screen.state.value.joined)
        assertEquals(n.building5.id, screen.state.value.group?.id)
        assertEquals("808", screen.state.value.me?.unit)
    },
)
