package org.jinlin.sdk

import java.time.LocalDate
import kotlin.test.assertContentEquals
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNull
import kotlin.test.assertTrue
import org.jinlin.core.JinlinException
import org.jinlin.core.NeedStatus
import org.jinlin.core.NewHousehold
import org.jinlin.core.ReportStatus
import org.jinlin.core.ResidentView
import org.jinlin.core.RiskTier
import org.jinlin.core.SmsLanguage
import org.jinlin.core.VisitOutcome

/*
 * The command line's registry and report calls from the phone: a household whole and its voters,
 * a need handed on, photo reports from raised to closed and their photos fetched by another
 * phone; and a plain member trying a keeper's step is refused in her language, writing nothing.
 */

val registryCases = listOf(
    Case("a_grid_worker_reads_a_household_whole_with_a_photo_from_the_door_links_its_voter_and_hands_its_need_to_the_office") {
        val relay = relay()
        val n = neighbourhood(relay)
        val residentId = n.resident.identity()!!.memberId
        val officeId = n.office.identity()!!.memberId
        val home = n.gridWorker.addHousehold(
            NewHousehold(n.building3.id, "3", "1202", listOf(ResidentView("Resident", "13800000000")), RiskTier.RED, emptyList()),
        )
        val doorPhoto = ByteArray(2_000) { (it % 97).toByte() }
        val photo = n.gridWorker.addPhoto(n.building3.id, doorPhoto)
        n.gridWorker.logVisit(
            home.id,
            VisitOutcome.MET,
            needs = listOf("a grab bar in the bathroom"),
            resolvedOnTheSpot = listOf("changed a light bulb"),
            photos = listOf(photo),
        )

        val linked = n.gridWorker.linkVoter(home.id, residentId)
        assertEquals(listOf(residentId), linked.voterIds)
        assertEquals("13800000000", linked.residents.single().phone)
        assertEquals(1, linked.visits.size)

        val need = linked.needs.first { it.text == "a grab bar in the bathroom" }
        val handed = n.gridWorker.assignNeedToMember(need.id, officeId, due = LocalDate.of(2099, 1, 31))
        assertEquals(NeedStatus.ASSIGNED, handed.status)
        assertEquals(officeId, handed.assigneeId)
        assertEquals(LocalDate.of(2099, 1, 31), handed.due)
        // A day past what the phone's calendar keeps is refused, and the need stays as it was.
        assertFailsWith<JinlinException.InvalidInput> {
            n.gridWorker.assignNeedToMember(need.id, officeId, due = LocalDate.MAX)
        }

        n.gridWorker.sync()
        n.office.sync()
        val seen = n.office.household(home.id)
        assertEquals(listOf(residentId), seen.voterIds, "the office reads the voter")
        assertEquals(officeId, seen.needs.first { it.text == "a grab bar in the bathroom" }.assigneeId)
        val visit = seen.visits.single()
        assertEquals(listOf(photo), visit.photos)
        assertContentEquals(doorPhoto, n.office.photo(photo), "the office sees the photo from the door")
        assertTrue(n.gridWorker.unlinkVoter(home.id, residentId).voterIds.isEmpty())
    },

    Case("a_resident_reports_with_a_photo_the_grid_worker_in_another_building_sees_it_through_to_closed") {
        val relay = relay()
        val n = neighbourhood(relay)
        val picture = ByteArray(300_000) { (it * 31 % 251).toByte() }
        val hash = n.resident.addPhoto(n.building3.id, picture)
        val report = n.resident.raiseReport(n.building3.id, "The stairwell light is out", listOf(hash))
        assertEquals(ReportStatus.RAISED, report.status)
        assertEquals("3", report.place.building, "her own building")
        n.resident.sync()
        n.gridWorker.sync()

        // The grid worker lives in building 5; the photo is fetched when he looks at it.
        assertContentEquals(picture, n.gridWorker.photo(hash))
        val neighbourId = n.neighbour.identity()!!.memberId

        // A plain member may not hand a report on: refused in her language, nothing written.
        val refused = assertFailsWith<JinlinException.NotAllowed> { n.resident.assignReport(report.id, neighbourId) }
        assertEquals("not_allowed", refused.code())
        assertEquals("report.movers", refused.refusal())
        assertEquals(
            "这一步不能做。（只有网格员、社区工作人员、本楼的楼栋长或被指派的人，才能推进上报的处理）",
            refused.localized(chinese),
        )
        try {
            n.resident.setShownLanguage(SmsLanguage.EN)
            assertEquals("Not allowed. (${refused.reason})", refused.localized(english))
        } finally {
            n.resident.setShownLanguage(SmsLanguage.ZH_HANS)
        }
        assertEquals(ReportStatus.RAISED, n.resident.report(report.id).status)
        assertNull(n.resident.report(report.id).assigneeId)

        val assigned = n.gridWorker.assignReport(report.id, n.gridWorker.identity()!!.memberId)
        assertEquals(ReportStatus.ASSIGNED, assigned.status)
        n.gridWorker.reportFixed(report.id)
        n.gridWorker.checkReport(report.id)
        assertEquals(ReportStatus.CLOSED, n.gridWorker.closeReport(report.id).status)
        n.gridWorker.sync()
        n.resident.sync()
        val closed = n.resident.report(report.id)
        assertEquals(listOf("assigned", "fixed", "checked", "closed"), closed.steps.map { it.step })
        assertEquals(listOf(report.id), n.resident.reports(status = ReportStatus.CLOSED).map { it.id })
    },
)
