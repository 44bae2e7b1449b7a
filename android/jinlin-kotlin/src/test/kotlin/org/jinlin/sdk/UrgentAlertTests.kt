package org.jinlin.sdk

import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import org.jinlin.core.SignupState

/* The urgent alert screen's presenter, against a real relay and a community tree. */

val urgentAlertCases = listOf(
    Case("the_driver_in_another_building_gets_her_alert_she_reads_that_he_saw_it_and_that_he_is_coming") {
        val relay = relay()
        val n = neighbourhood(relay)
        val hers = HelpNowPresenter(n.resident)
        hers.handle(HelpNowEvent.Load)
        val his = UrgentAlertPresenter(n.driver)
        coroutineScope {
            val running = launch { his.run() }
            run {
                hers.handle(HelpNowEvent.TakeMeToHospital)
                val id = hers.state.value.request!!.id
                // He lives in another building: the alert wakes his phone (push, or the live
                // channel) and a sync brings her request.
                n.driver.syncUntil { his.state.value.alert != null }
                assertEquals(id, his.state.value.alert!!.id)
                assertEquals("Resident", his.state.value.alert!!.requester.name)
                assertNull(his.state.value.mine, "not answered yet")

                hers.handle(HelpNowEvent.Refresh)
                assertTrue(assertNotNull(hers.state.value.receipts).seen >= 1, "she reads that he saw it")

                his.handle(UrgentAlertEvent.Accept)
                assertNull(his.state.value.error)
                assertEquals(SignupState.CONFIRMED, his.state.value.mine)
                hers.handle(HelpNowEvent.Refresh)
                assertEquals(1, hers.state.value.receipts!!.coming)
                assertEquals(listOf("Driver" to SignupState.CONFIRMED), hers.state.value.request!!.lineUp())
            }
            running.cancel()
        }

        // A tap on the notification later opens the same alert, answered.
        val reopened = UrgentAlertPresenter(n.driver)
        reopened.handle(UrgentAlertEvent.Open(hers.state.value.request!!.id))
        assertEquals(SignupState.CONFIRMED, reopened.state.value.mine)
    },

    Case("a_neighbour_who_cannot_come_passes_the_alert_on_and_sees_the_next_one") {
        val relay = relay()
        val n = neighbourhood(relay)
        val hers = HelpNowPresenter(n.resident)
        hers.handle(HelpNowEvent.Load)
        hers.handle(HelpNowEvent.TakeMeToHospital)
        val first = hers.state.value.request!!
        val second = n.office.raise(n.building3.id, org.jinlin.core.RequestKind.OTHER, "Water in the stairwell", urgent = true)
        n.office.sync()
        n.neighbour.sync()

        val screen = UrgentAlertPresenter(n.neighbour)
        screen.handle(UrgentAlertEvent.Open(first.id))
        screen.handle(UrgentAlertEvent.Arrived(n.neighbour.show(second.id)))
        screen.handle(UrgentAlertEvent.Arrived(n.neighbour.show(second.id)))
        assertEquals(first.id, screen.state.value.alert?.id, "the first stays on screen")
        assertEquals(listOf(second.id), screen.state.value.next.map { it.id }, "each alert once")

        screen.handle(UrgentAlertEvent.Decline)
        assertNull(screen.state.value.error)
        assertEquals(second.id, screen.state.value.alert?.id, "the next alert")
        assertFalse(screen.state.value.finished, "the screen stays for the next one")
        hers.handle(HelpNowEvent.Refresh)
        assertEquals(1, hers.state.value.receipts!!.declined, "she is not left waiting on him")

        screen.handle(UrgentAlertEvent.Dismiss)
        assertNull(screen.state.value.alert)
        assertTrue(screen.state.value.finished, "nothing left to answer: the screen closes")
    },
)
