package org.jinlin.sdk

import java.time.LocalDate
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue
import org.jinlin.core.JinlinException
import org.jinlin.core.NeedStatus
import org.jinlin.core.NewHousehold
import org.jinlin.core.RequestKind
import org.jinlin.core.ResidentView
import org.jinlin.core.RiskTier
import org.jinlin.core.VisitOutcome

/*
 * What the command line can do, the phone can too: each call here is the CLI's, from Kotlin,
 * against a real relay.
 */

val parityCases = listOf(
    Case("a_grid_worker_corrects_a_visit_and_its_history_keeps_who_changed_what_and_the_office_reads_it") {
        val relay = relay()
        val n = neighbourhood(relay)
        val home = n.gridWorker.addHousehold(
            NewHousehold(n.building3.id, "3", "1202", listOf(ResidentView("Resident", null)), RiskTier.RED, emptyList()),
        )
        val visit = n.gridWorker.logVisit(home.id, VisitOutcome.MET, note = "Knee hurts")
        // She was not in after all: the worker knocked at the neighbour's door by mistake.
        val fixed = n.gridWorker.editVisit(home.id, visit.id, note = "Not in; came back Tuesday", outcome = VisitOutcome.NOT_HOME)
        assertEquals(VisitOutcome.NOT_HOME, fixed.outcome)
        assertEquals("Not in; came back Tuesday", fixed.note)
        assertEquals(2, fixed.edits)

        val history = n.gridWorker.visitHistory(home.id, visit.id)
        assertEquals(listOf("note", "outcome"), history.map { it.field })
        assertEquals("Knee hurts", history[0].old)
        assertEquals("Not in; came back Tuesday", history[0].new)
        assertTrue(history.all { it.byName == "Grid worker" && it.byId == n.gridWorker.identity()!!.memberId })

        // The office reads the corrected visit and its history once both have synced.
        n.gridWorker.sync()
        n.office.sync()
        assertEquals(VisitOutcome.NOT_HOME, n.office.visits(householdId = home.id).single().outcome)
        assertEquals(2, n.office.visitHistory(home.id, visit.id).size)
    },

    Case("a_visit_correction_that_makes_no_sense_is_refused_and_changes_nothing") {
        val relay = relay()
        val n = neighbourhood(relay)
        val home = n.gridWorker.addHousehold(
            NewHousehold(n.building3.id, "3", "1202", listOf(ResidentView("Resident", null)), RiskTier.RED, emptyList()),
        )
        val visit = n.gridWorker.logVisit(home.id, VisitOutcome.MET, note = "Well")
        assertFailsWith<JinlinException.InvalidInput> {
            n.gridWorker.editVisit(home.id, visit.id, note = "Moved", followUp = LocalDate.MAX)
        }
        assertFailsWith<JinlinException.InvalidInput> { n.gridWorker.editVisit(home.id, visit.id) }
        assertFailsWith<JinlinException.NotFound> { n.gridWorker.visitHistory(home.id, "no-such-visit") }
        assertTrue(n.gridWorker.visitHistory(home.id, visit.id).isEmpty(), "nothing was written")
        assertEquals("Well", n.gridWorker.visits(householdId = home.id).single().note)
    },

    Case("the_office_reads_coverage_per_building_and_a_need_found_on_a_visit_is_resolved_with_what_was_done") {
        val relay = relay()
        val n = neighbourhood(relay)
        val alone = n.gridWorker.addHousehold(
            NewHousehold(n.building3.id, "3", "1202", listOf(ResidentView("Resident", null)), RiskTier.RED, emptyList()),
        )
        n.gridWorker.addHousehold(
            NewHousehold(n.building3.id, "3", "601", listOf(ResidentView("Neighbour", null)), RiskTier.BLUE, emptyList()),
        )
        n.gridWorker.addHousehold(
            NewHousehold(n.building5.id, "5", "302", listOf(ResidentView("Driver", null)), RiskTier.BLUE, emptyList()),
        )
        n.gridWorker.logVisit(alone.id, VisitOutcome.MET, needs = listOf("a grab bar in the bathroom"))
        assertEquals(
            listOf(Triple("3", 1, 2), Triple("5", 0, 1)),
            n.gridWorker.coverage().map { Triple(it.building, it.visited, it.total) },
            "one of two visited in building 3, none in building 5",
        )

        val need = n.gridWorker.householdNeeds(status = NeedStatus.RECORDED).single()
        assertEquals("a grab bar in the bathroom", need.text)
        assertEquals(alone.id, need.householdId)
        val done = n.gridWorker.resolveHouseholdNeed(need.id, "Fitted on Tuesday")
        assertEquals(NeedStatus.RESOLVED, done.status)
        assertEquals("Fitted on Tuesday", done.resolution)
        assertTrue(n.gridWorker.householdNeeds(status = NeedStatus.RECORDED).isEmpty())

        n.gridWorker.sync()
        n.office.sync()
        assertEquals(NeedStatus.RESOLVED, n.office.householdNeeds().single().status, "the office reads it resolved")
        assertEquals(listOf(1, 0), n.office.coverage().map { it.visited })
        assertFailsWith<JinlinException.InvalidInput> { n.gridWorker.resolveHouseholdNeed("no-such-need") }
    },

    Case("a_request_raised_from_the_phone_carries_the_place_the_cli_gives_with_at") {
        val relay = relay()
        val n = neighbourhood(relay)
        val ride = n.resident.raise(n.building3.id, RequestKind.HOSPITAL, urgent = true, lat = 24.4798, lon = 118.0894)
        n.resident.sync()
        n.neighbour.sync()
        val seen = n.neighbour.show(ride.id)
        assertEquals(24.4798, seen.place.lat)
        assertEquals(118.0894, seen.place.lon)
    },
)
