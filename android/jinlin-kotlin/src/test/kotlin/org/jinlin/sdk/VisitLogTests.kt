package org.jinlin.sdk

import java.time.LocalDate
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue
import org.jinlin.core.JinlinException
import org.jinlin.core.NewHousehold
import org.jinlin.core.RequestKind
import org.jinlin.core.ResidentView
import org.jinlin.core.RiskTier
import org.jinlin.core.VisitOutcome

/* The visit log's presenter, against a real relay and a community tree. */

val visitLogCases = listOf(
    Case("the_grid_worker_walks_two_buildings_logs_needs_and_a_follow_up_and_the_office_reads_them") {
        var relay = relay()
        val n = neighbourhood(relay)
        val alone = n.gridWorker.addHousehold(
            NewHousehold(n.building3.id, "3", "1202", listOf(ResidentView("Resident", null)), RiskTier.RED, emptyList()),
        )
        val family = n.gridWorker.addHousehold(
            NewHousehold(n.building5.id, "5", "302", listOf(ResidentView("Driver", null)), RiskTier.BLUE, emptyList()),
        )
        val screen = VisitLogPresenter(n.gridWorker)
        screen.handle(VisitLogEvent.Load)
        assertTrue(screen.state.value.keepsLog)
        assertEquals(listOf(alone.id, family.id), screen.state.value.due.map { it.id }, "walking order")

        screen.handle(VisitLogEvent.Log(alone.id, VisitOutcome.MET, " Knee hurts on the stairs ", needsTyped("rice，a grab bar\n "), "2099-01-31"))
        assertNull(screen.state.value.error)
        assertFalse(screen.state.value.offline)
        val visit = assertNotNull(screen.state.value.logged)
        assertEquals(2, visit.needs.size, "each need found is one to follow")
        assertEquals(2, screen.state.value.households.single { it.id == alone.id }.openNeeds)
        assertEquals("Knee hurts on the stairs", visit.note)
        assertEquals(listOf(family.id), screen.state.value.due.map { it.id }, "just visited")
        assertEquals(listOf(visit.id), screen.state.value.followUps.map { it.id }, "back on the 31st")

        screen.handle(VisitLogEvent.Log(family.id, VisitOutcome.MET, followUp = "next Tuesday"))
        assertIs<JinlinException.InvalidInput>(screen.state.value.error, "a date she can fix")
        assertEquals(listOf(visit.id), screen.state.value.visits.map { it.id }, "nothing logged")

        n.office.sync()
        val read = n.office.visits(householdId = alone.id).single()
        assertEquals(visit.needs, read.needs, "the office reads the needs")
        assertEquals(2, n.office.households().single { it.id == alone.id }.openNeeds)
        assertEquals(LocalDate.of(2099, 1, 31), read.followUp)

        relay.stop()
        screen.handle(VisitLogEvent.Log(family.id, VisitOutcome.NOT_HOME))
        assertNull(screen.state.value.error, "no signal is not her mistake")
        assertTrue(screen.state.value.offline)
        assertEquals(VisitOutcome.NOT_HOME, screen.state.value.visits.first().outcome, "kept on the phone")
        assertEquals(listOf(family.id), screen.state.value.due.map { it.id }, "nobody home: still due")
        relay = restart(relay)
        n.gridWorker.sync()
        n.office.sync()
        assertEquals(VisitOutcome.NOT_HOME, n.office.visits(householdId = family.id).single().outcome)
    },

    Case("a_volunteer_without_a_visit_log_sees_only_the_requests_they_are_helping_with") {
        val relay = relay()
        val n = neighbourhood(relay)
        val errand = n.resident.raise(n.building3.id, RequestKind.ERRAND, "Medicine from the pharmacy")
        n.resident.sync()
        n.neighbour.sync()
        n.neighbour.accept(errand.id)
        val screen = VisitLogPresenter(n.neighbour)
        screen.handle(VisitLogEvent.Load)
        assertFalse(screen.state.value.keepsLog)
        assertEquals(listOf(errand.id), screen.state.value.helping.map { it.id })
        val refused = VisitLogPresenter(n.neighbour)
        refused.handle(VisitLogEvent.Log("no-such-household", VisitOutcome.MET))
        assertIs<JinlinException>(refused.state.value.error)
    },
)
