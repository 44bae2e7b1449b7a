package org.jinlin.sdk

import kotlin.test.assertEquals
import kotlin.test.assertIs
import kotlin.test.assertNotNull
import kotlin.test.assertTrue
import org.jinlin.core.JinlinException
import org.jinlin.core.Location
import org.jinlin.core.Status

/* The one-tap entries' presenter against a real relay: tap, alerted, seen, coming, cancel. */

val oneTapCases = listOf(
    Case("one_tap_from_the_widget_alerts_neighbours_and_reads_seen_then_coming_then_she_cancels") {
        val relay = relay()
        val n = neighbourhood(relay)
        val here = Location(24.4799, 118.0895)
        val widget = OneTapPresenter(n.resident, whereabouts = { here })

        val alerted = widget.handle(OneTapEvent.Tap)
        assertEquals(OneTapStage.ALERTED, alerted.stage, "$alerted")
        assertTrue(alerted.alerted >= 2, "her building's volunteer and the estate's driver: ${alerted.alerted}")
        val id = assertNotNull(alerted.requestId)
        val ride = n.resident.show(id)
        assertEquals("3" to "1202", ride.place.building to ride.place.unit, "from her saved home")
        assertEquals(here.lat, ride.place.lat)
        assertEquals(id, widget.handle(OneTapEvent.Tap).requestId, "a second tap raises nothing new")

        // The driver in building 5 opens the alert: seen.
        n.driver.sync()
        n.driver.alertSeen(id)
        val seen = widget.handle(OneTapEvent.Refresh)
        assertEquals(OneTapStage.SEEN, seen.stage)
        assertEquals(1, seen.seen)

        // He is coming.
        n.driver.accept(id)
        n.driver.sync()
        val coming = widget.handle(OneTapEvent.Refresh)
        assertEquals(OneTapStage.COMING, coming.stage)
        assertEquals(1, coming.coming)

        val cancelled = widget.handle(OneTapEvent.Cancel)
        assertEquals(OneTapStage.READY, cancelled.stage)
        assertTrue(cancelled.cancelled)
        n.driver.sync()
        assertEquals(Status.CANCELLED, n.driver.show(id).status, "the driver reads it cancelled")
    },

    Case("one_tap_on_a_phone_that_has_not_joined_raises_nothing_and_says_to_open_the_app") {
        val phone = device("new phone")
        val widget = OneTapPresenter(phone)
        val state = widget.handle(OneTapEvent.Tap)
        assertEquals(OneTapStage.NOT_JOINED, state.stage)
        assertIs<JinlinException.NotRegistered>(state.error)
        assertTrue(phone.list().isEmpty(), "nothing raised")
    },
)
