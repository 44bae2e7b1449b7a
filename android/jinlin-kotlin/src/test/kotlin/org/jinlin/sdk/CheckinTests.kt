package org.jinlin.sdk

import java.time.Duration
import java.time.Instant
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue
import org.jinlin.core.GroupKind
import org.jinlin.core.GroupView
import org.jinlin.core.JinlinException
import org.jinlin.core.Missing
import org.jinlin.core.NewPairingRecord
import org.jinlin.core.PairedNeighbourView
import org.jinlin.core.SmsLanguage

/* Paired neighbours and the daily "I'm fine" from the phones' side, against a real relay. */

private fun neighbour(phone: String, id: String, name: String, language: SmsLanguage = SmsLanguage.ZH_HANS) =
    PairedNeighbourView(id, name, phone, false, language)

/** The estate's resident, Grandma Wang in unit 1202 of building 3, paired with [neighbours]. */
private suspend fun Estate.grandmaWang(building: GroupView, neighbours: List<PairedNeighbourView>): NewPairingRecord =
    NewPairingRecord(
        groupId = building.id,
        personId = resident.identity()!!.memberId,
        proxyId = null,
        name = "Grandma Wang",
        building = "3",
        unit = "1202",
        neighbours = neighbours,
        deadline = "10:00",
        grace = Duration.ofMinutes(30),
        wait = Duration.ofMinutes(15),
    )

private suspend fun Ctx.pairedEstate(relay: Relay): Pair<Estate, String> {
    val e = estate(relay)
    val building = e.office.createGroup("Building 3", GroupKind.BUILDING, e.group.id)
    e.office.sync()
    val pairing = e.office.createPairing(
        e.grandmaWang(
            building,
            listOf(
                neighbour("138 0000 1111", e.first.identity()!!.memberId, "Li"),
                neighbour("139 0000 2222", e.second.identity()!!.memberId, "Chen", SmsLanguage.EN),
            ),
        ),
    )
    for (phone in listOf(e.resident, e.first, e.second)) phone.acceptPairing(pairing.id)
    return e to pairing.id
}

val checkinCases = listOf(
    Case("pairing_a_neighbour_the_relay_has_never_seen_says_who_is_missing_in_her_language") {
        val relay = relay()
        val e = estate(relay)
        val building = e.office.createGroup("Building 3", GroupKind.BUILDING, e.group.id)
        e.office.sync()
        // A phone that never registered: the relay knows no such member.
        val stranger = device("stranger")
        stranger.setIdentity("Zhang")
        val missing = assertFailsWith<JinlinException.NotFound> {
            e.office.createPairing(
                e.grandmaWang(building, listOf(neighbour("138 0000 3333", stranger.identity()!!.memberId, "Zhang"))),
            )
        }
        assertEquals(Missing.OTHER, missing.what)
        assertEquals("no such member", missing.reason)
        assertEquals("not_found", missing.code())
        assertEquals("relay.no_such_member", missing.refusal())
        assertEquals("没有找到。（没有这位成员）", missing.localized(chinese))
        try {
            e.office.setShownLanguage(SmsLanguage.EN)
            assertEquals("Not found. (no such member)", missing.localized(english))
        } finally {
            e.office.setShownLanguage(SmsLanguage.ZH_HANS)
        }
        assertTrue(e.office.pairings().isEmpty(), "nothing was paired")
    },

    Case("her_checkin_screen_counts_a_tap_and_keeps_one_made_offline_with_the_lifeline_to_text") {
        val relay = relay()
        val (e, pairing) = pairedEstate(relay)
        val screen = CheckinPresenter(e.resident)
        screen.handle(CheckinEvent.Load)
        val loaded = screen.state.value
        assertEquals(pairing, loaded.pairing?.id)
        assertTrue(loaded.pairing!!.inForce, "she and both neighbours accepted")
        assertEquals("10:00", loaded.pairing.deadline)
        assertEquals(listOf("138 0000 1111", "139 0000 2222"), loaded.lifeline!!.smsTo)

        screen.handle(CheckinEvent.Fine)
        assertEquals(CheckinState.Tap.COUNTED, screen.state.value.tap)
        assertNotNull(screen.state.value.pairing!!.lastCheckin, "the relay counted it")

        screen.handle(CheckinEvent.Pause(Instant.now().plus(Duration.ofDays(3))))
        assertNotNull(screen.state.value.pairing!!.pausedUntil)
        screen.handle(CheckinEvent.Resume)
        assertNull(screen.state.value.pairing!!.pausedUntil)

        relay.stop()
        screen.handle(CheckinEvent.Fine)
        assertEquals(CheckinState.Tap.KEPT, screen.state.value.tap, "kept on the phone without a link")
        val life = assertNotNull(e.resident.lifeline(), "as last seen")
        // Li reads Chinese and Chen English: one text each, in their language, one SMS each.
        assertEquals(listOf(SmsLanguage.ZH_HANS, SmsLanguage.EN), life.sms.map { it.language })
        val (zh, en) = life.sms
        assertEquals(listOf("138 0000 1111"), zh.to)
        assertEquals("【近邻】Grandma Wang（3号楼1202室）今天平安，请放心。", zh.fine)
        assertEquals(listOf("139 0000 2222"), en.to)
        assertEquals("Jinlin: Grandma Wang (bldg 3, unit 1202) is fine today.", en.fine)
        assertTrue(zh.help.length <= 70 && en.help.length <= 160)
        assertEquals(zh.fine, life.smsFine, "the first neighbour's")
    },

    Case("her_neighbours_and_the_office_see_her_pairing_and_nobody_answers_a_checkin_alarm_that_is_not_open") {
        val relay = relay()
        val (e, pairing) = pairedEstate(relay)
        assertEquals(1, e.first.pairings().size)
        assertEquals(1, e.office.pairings().size)
        val refused = assertFailsWith<JinlinException> {
            e.first.answerCheckin(pairing, org.jinlin.core.CheckinAnswer.FINE)
        }
        assertTrue(refused.code().isNotEmpty())
    },

    Case("a_grace_period_of_part_of_a_minute_or_less_than_none_is_refused_and_her_deadline_stays_as_it_was") {
        val relay = relay()
        val (e, pairing) = pairedEstate(relay)
        val refused = assertFailsWith<JinlinException.InvalidInput> {
            e.office.setCheckinDeadline(pairing, "09:00", grace = Duration.ofSeconds(90))
        }
        assertEquals("invalid_input", refused.code())
        // A negative length of time does not even cross to the library.
        assertFailsWith<IllegalArgumentException> {
            e.office.setCheckinDeadline(pairing, "09:00", grace = Duration.ofMinutes(-5))
        }
        val kept = e.office.pairings().single()
        assertEquals("10:00", kept.deadline)
        assertEquals(Duration.ofMinutes(30), kept.grace)
        assertEquals(
            Duration.ofMinutes(45),
            e.office.setCheckinDeadline(pairing, "09:00", grace = Duration.ofMinutes(45)).grace,
        )
    },
)
