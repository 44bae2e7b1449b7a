package org.jinlin.sdk

import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue
import org.jinlin.core.BoardStatus
import org.jinlin.core.JinlinException
import org.jinlin.core.NewBoardNeed
import org.jinlin.core.NewMenuItem
import org.jinlin.core.NewTeam
import org.jinlin.core.Skill

/*
 * Staff's tools from the phone, as the command line has them: teams and the service menu, the
 * board's staff steps and figures, a notice taken down; a resident trying them is refused in
 * her language and nothing is written.
 */

val staffCases = listOf(
    Case("the_office_makes_an_estate_team_and_menu_item_a_resident_of_building_3_orders_and_rates_but_cannot_make_and_an_invite_is_taken_back") {
        val relay = relay()
        val n = neighbourhood(relay)
        val workerId = n.gridWorker.identity()!!.memberId
        val crew = n.office.createTeam(n.estate.id, NewTeam("Repair crew", skill = Skill.ELECTRICIAN, leaderId = workerId))
        n.office.addToTeam(n.estate.id, crew.id, workerId)
        val item = n.office.addMenuItem(n.estate.id, NewMenuItem("Fix a light", team = crew.id, priceFen = 2_000))
        n.office.sync()
        n.resident.sync()
        assertEquals(listOf("Fix a light"), n.resident.menu(n.estate.id).map { it.title }, "building 3 reads the estate's menu")
        assertTrue(n.office.group(n.estate.id).teams.single { it.id == crew.id }.members.contains(workerId))

        // A resident may not make teams or menus: refused in her language, nothing written.
        val refused = assertFailsWith<JinlinException.NotAllowed> { n.resident.createTeam(n.estate.id, NewTeam("Mine")) }
        assertEquals("这一步不能做。（${refused.reason}）", refused.localized(chinese))
        assertEquals("Not allowed. (${refused.reason})", refused.localized(english))
        assertFailsWith<JinlinException.NotAllowed> { n.resident.withdrawMenuItem(n.estate.id, item.id) }
        assertEquals(listOf(crew.id), n.resident.group(n.estate.id).teams.map { it.id })
        assertEquals(listOf(false), n.resident.menu(n.estate.id).map { it.withdrawn })

        // She orders it, the crew does it, she rates it: the office reads the order and the crew's stars.
        val order = n.resident.placeOrder(n.estate.id, item.id, note = "Kitchen light")
        n.resident.sync()
        n.office.sync()
        n.office.dispatchOrder(order.id, crew.id)
        n.office.sync()
        n.gridWorker.sync()
        n.gridWorker.acceptOrder(order.id)
        n.gridWorker.sync() // the relay numbers the acceptance: the first to arrive stands
        n.gridWorker.finishOrder(order.id)
        n.gridWorker.sync()
        n.resident.sync()
        n.resident.rateOrder(order.id, 5)
        n.resident.sync()
        n.office.sync()
        assertEquals(order.id, n.office.order(order.id).id)
        val crewStars = n.office.ratings(n.estate.id).teams.single { it.id == crew.id }
        assertEquals(1L to 5.0, crewStars.rated to crewStars.average)

        n.office.withdrawMenuItem(n.estate.id, item.id)
        assertEquals(listOf(true), n.office.menu(n.estate.id).map { it.withdrawn })

        // An invite code taken back lets nobody in.
        val code = n.office.invite(n.building3.id).code
        n.office.revokeInvite(code)
        val newcomer = device("newcomer", relay.url)
        newcomer.register("Newcomer")
        val gone = assertFailsWith<JinlinException.InviteGone> { newcomer.join(code) }
        assertEquals("invite_gone", gone.code())
    },

    Case("the_office_puts_a_residents_report_on_the_board_for_two_neighbours_and_a_resident_may_only_wish") {
        val relay = relay()
        val n = neighbourhood(relay)
        val report = n.resident.raiseReport(n.building3.id, "The stairwell light is out", emptyList())
        n.resident.sync()
        n.office.sync()
        fun fromReport(title: String, slots: Long) =
            NewBoardNeed(title, "Bring a ladder", null, report.id, null, null, slots, false)

        // A resident may wish, not put a report's need on the board: refused, nothing written.
        assertFailsWith<JinlinException.NotAllowed> { n.resident.postNeed(n.building3.id, fromReport("Fix it", 1)) }
        assertTrue(n.resident.board(n.building3.id).none { it.title == "Fix it" })
        assertFailsWith<JinlinException.InvalidInput> { n.office.postNeed(n.building3.id, fromReport("Nobody", 0)) }

        val need = n.office.postNeed(n.building3.id, fromReport("Fix the stairwell light", 2))
        assertEquals(BoardStatus.OPEN, need.status, "staff's need is on the board at once")
        assertEquals("Resident", need.requesterName, "the one who reported it asked")
        assertEquals("3", need.building, "the report's building")
        n.office.sync()
        n.neighbour.sync()
        assertTrue(n.neighbour.board(n.building3.id).any { it.id == need.id }, "her neighbour sees it")
        assertEquals(2, need.slots, "it takes two")
        n.neighbour.claimNeed(need.id)
        n.neighbour.sync()
        val claimed = n.neighbour.need(need.id)
        assertEquals(BoardStatus.CLAIMED, claimed.status)
        assertEquals(1, claimed.claims.size, "one of the two places taken")
    },

    Case("the_office_publishes_a_wish_a_claim_is_withdrawn_the_need_taken_off_and_counted_and_a_notice_taken_down") {
        val relay = relay()
        val n = neighbourhood(relay)
        val wish = n.resident.postWish(n.building3.id, "Someone to read my letters")
        n.resident.sync()
        n.office.sync()
        assertEquals(BoardStatus.OPEN, n.office.publishNeed(wish.id).status)
        n.office.sync()
        n.neighbour.sync()
        n.neighbour.claimNeed(wish.id)
        assertEquals(BoardStatus.OPEN, n.neighbour.unclaimNeed(wish.id).status, "nobody holds it any more")
        n.neighbour.sync()
        n.office.sync()
        assertEquals(BoardStatus.WITHDRAWN, n.office.withdrawNeed(wish.id).status)
        assertEquals(BoardStatus.WITHDRAWN, n.office.need(wish.id).status)
        assertTrue(n.office.boardNeeds(n.building3.id, BoardStatus.OPEN).isEmpty())
        assertEquals(1L, n.office.needFigures(n.building3.id).total.collected)

        val notice = n.office.postNotice(n.estate.id, "Water off on Tuesday")
        n.office.sync()
        n.resident.sync()
        assertFailsWith<JinlinException.NotAllowed> { n.resident.withdrawNotice(notice.id) }
        n.office.withdrawNotice(notice.id)
        assertTrue(n.office.notices(n.estate.id).none { it.id == notice.id }, "taken down")
    },
)
