package org.jinlin.sdk

import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertNull
import kotlin.test.assertTrue
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import org.jinlin.core.JinlinException
import org.jinlin.core.RequestKind
import org.jinlin.core.SignupState

/* The "nearby" screen's presenter, against a real relay and a community tree. */

val nearbyCases = listOf(
    Case("a_neighbour_sees_requests_from_her_building_and_the_estate_accepts_one_and_declines_another") {
        val relay = relay()
        val n = neighbourhood(relay)
        val screen = NearbyPresenter(n.neighbour)
        coroutineScope {
            val running = launch { screen.run() }
            val bread = n.resident.raise(n.building3.id, RequestKind.ERRAND, "Bread and eggs, please")
            val bulb = n.resident.raise(n.building3.id, RequestKind.REPAIR, "The hall light is out")
            n.resident.sync()
            n.neighbour.sync()
            waitUntil { screen.state.value.items.size == 2 }
            assertTrue(screen.state.value.items.all { it.mine == null })

            screen.handle(NearbyEvent.Accept(bread.id))
            assertNull(screen.state.value.error)
            assertFalse(screen.state.value.offline)
            assertEquals(SignupState.CONFIRMED, screen.state.value.items.single { it.request.id == bread.id }.mine)

            screen.handle(NearbyEvent.Decline(bulb.id))
            assertEquals(listOf(bread.id), screen.state.value.items.map { it.request.id }, "not me, not now")

            // The driver in building 5 reads the estate's requests, not building 3's.
            val drivers = NearbyPresenter(n.driver)
            n.office.raise(n.estate.id, RequestKind.COMPANIONSHIP, "Walk with the estate's elders on Sunday")
            n.office.sync()
            n.driver.sync()
            drivers.handle(NearbyEvent.Load)
            assertEquals(
                listOf(RequestKind.COMPANIONSHIP),
                drivers.state.value.items.map { it.request.kind },
                "another building's errand is not his",
            )
            running.cancel()
            n.resident.sync()
            assertEquals(listOf("Neighbour" to SignupState.CONFIRMED), n.resident.show(bread.id).lineUp(), "she reads who is coming")
        }
    },

    Case("an_answer_given_offline_stands_tentative_and_a_withdrawal_from_nothing_is_explained") {
        var relay = relay()
        val n = neighbourhood(relay)
        val ride = n.resident.raise(n.building3.id, RequestKind.HOSPITAL, "Check-up on Tuesday at 9")
        n.resident.sync()
        n.neighbour.sync()
        val screen = NearbyPresenter(n.neighbour)
        screen.handle(NearbyEvent.Withdraw(ride.id))
        assertIs<JinlinException.NoSignup>(screen.state.value.error, "not signed up: nothing to withdraw")

        relay.stop()
        screen.handle(NearbyEvent.Accept(ride.id))
        assertNull(screen.state.value.error, "no signal is not his mistake")
        assertTrue(screen.state.value.offline)
        assertEquals(SignupState.TENTATIVE, screen.state.value.items.single().mine)

        relay = restart(relay)
        screen.handle(NearbyEvent.Load)
        n.neighbour.sync()
        screen.handle(NearbyEvent.Load)
        assertEquals(SignupState.CONFIRMED, screen.state.value.items.single().mine)
    },
)
