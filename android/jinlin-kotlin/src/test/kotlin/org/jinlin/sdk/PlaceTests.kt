package org.jinlin.sdk

import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue
import org.jinlin.core.JinlinException
import org.jinlin.core.Location
import org.jinlin.core.NewHousehold
import org.jinlin.core.ResidentView
import org.jinlin.core.RiskTier
import org.jinlin.core.VisitOutcome

/*
 * Where it happened, as the command line's `visit log --gps` and `report raise --at` say it: a
 * visit logged with where the grid worker stood and a report raised with the phone's GPS fix
 * reach the office with their position; a position out of range, or half of one, is refused and
 * nothing is written.
 */

val placeCases = listOf(
    Case("a_grid_worker_logs_a_visit_where_she_stands_with_no_signal_and_the_office_reads_where_once_she_syncs") {
        var relay = relay()
        val n = neighbourhood(relay)
        val alone = n.gridWorker.addHousehold(
            NewHousehold(n.building3.id, "3", "1202", listOf(ResidentView("Resident", null)), RiskTier.RED, emptyList()),
        )
        n.gridWorker.sync()
        val door = Location(24.4798, 118.0894)
        val screen = VisitLogPresenter(n.gridWorker, whereabouts = { door })

        relay.stop()
        screen.handle(VisitLogEvent.Log(alone.id, VisitOutcome.MET, "Knee hurts on the stairs"))
        assertNull(screen.state.value.error, "no signal is not her mistake")
        assertTrue(screen.state.value.offline)
        val visit = assertNotNull(screen.state.value.logged)
        assertEquals(door.lat, visit.lat)
        assertEquals(door.lon, visit.lon)
        assertEquals("24.47980, 118.08940", screen.state.value.visits.single().position, "her log shows where")

        relay = restart(relay)
        n.gridWorker.sync()
        n.office.sync()
        val read = n.office.visits(householdId = alone.id).single()
        assertEquals(visit.id, read.id)
        assertEquals(door.lat, read.lat, "the office reads where she stood")
        assertEquals(door.lon, read.lon)
        assertEquals(door.lat, n.office.household(alone.id).visits.single().lat, "in the household's history too")
    },

    Case("a_visit_logged_with_a_latitude_out_of_range_or_half_a_position_is_refused_and_nothing_is_written") {
        val relay = relay()
        val n = neighbourhood(relay)
        val alone = n.gridWorker.addHousehold(
            NewHousehold(n.building3.id, "3", "1202", listOf(ResidentView("Resident", null)), RiskTier.RED, emptyList()),
        )
        assertFailsWith<JinlinException.InvalidInput> {
            n.gridWorker.logVisit(alone.id, VisitOutcome.MET, needs = listOf("rice"), lat = 91.0, lon = 118.09)
        }
        assertFailsWith<JinlinException.InvalidInput> { n.gridWorker.logVisit(alone.id, VisitOutcome.MET, lat = 24.48) }
        assertTrue(n.gridWorker.visits(householdId = alone.id).isEmpty(), "no visit was written")
        assertTrue(n.gridWorker.household(alone.id).needs.isEmpty(), "nor its need")
        assertEquals(listOf(alone.id), n.gridWorker.dueHouseholds().map { it.id }, "still due")

        val screen = VisitLogPresenter(n.gridWorker)
        screen.handle(VisitLogEvent.Log(alone.id, VisitOutcome.NOT_HOME))
        assertNull(screen.state.value.logged?.lat, "a phone that does not know where it is logs the visit all the same")
        assertNull(screen.state.value.logged?.position, "and its log shows no place")
    },

    Case("a_resident_reports_with_her_gps_fix_and_the_office_reads_where") {
        val relay = relay()
        val n = neighbourhood(relay)
        val stairwell = Location(24.4801, 118.0897)
        val report = n.resident.raiseReport(
            n.building3.id,
            "The stairwell light is out",
            lat = stairwell.lat,
            lon = stairwell.lon,
        )
        assertEquals("3", report.place.building, "her own building")
        assertEquals(stairwell.lat, report.place.lat)
        assertEquals(stairwell.lon, report.place.lon)
        n.resident.sync()
        n.office.sync()
        val seen = n.office.report(report.id)
        assertEquals(stairwell.lat, seen.place.lat, "the office reads where it is")
        assertEquals(stairwell.lon, seen.place.lon)

        assertFailsWith<JinlinException.InvalidInput> {
            n.resident.raiseReport(n.building3.id, "The lift is stuck", lat = -90.5, lon = 118.09)
        }
        assertFailsWith<JinlinException.InvalidInput> {
            n.resident.raiseReport(n.building3.id, "The lift is stuck", lon = 118.09)
        }
        assertEquals(listOf(report.id), n.resident.reports().map { it.id }, "nothing else was written")
    },
)
