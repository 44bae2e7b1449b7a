package org.jinlin.sdk

import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertTrue
import org.jinlin.core.JinlinException
import org.jinlin.core.RequestKind

/* Urgent alerts from the phones' side, against a real relay process on loopback. */

val alertCases = listOf(
    Case("a_requester_reads_alerted_seen_and_coming_and_an_unavailable_neighbour_is_not_alerted") {
        val relay = relay()
        val e = estate(relay)
        // The volunteer in her building keeps quiet hours, but a ride to hospital comes through.
        e.first.setQuietHours("22:00", "07:00")
        e.first.setHome(24.4798, 118.0894)

        val ride = e.resident.raise(e.group.id, RequestKind.HOSPITAL, "I cannot breathe, please drive me", urgent = true)
        e.resident.sync()
        var receipts = e.resident.alertReceipts(ride.id)
        assertEquals(1, receipts.alerted, "her building's volunteer is alerted")
        assertEquals(1, receipts.wave)

        e.first.sync()
        e.first.alertSeen(ride.id)
        e.first.accept(ride.id)
        e.first.sync()
        receipts = e.resident.alertReceipts(ride.id)
        assertEquals(listOf(1, 1, 1), listOf(receipts.alerted, receipts.seen, receipts.coming), "alerted · seen · coming")
        assertFalse(receipts.widening)
        assertTrue(receipts.finished, "one slot, one coming: nobody more is alerted")

        // He withdraws: nobody stands by, so more neighbours are asked at once, and she reads it.
        e.first.withdraw(ride.id)
        e.first.sync()
        receipts = e.resident.alertReceipts(ride.id)
        assertTrue(!receipts.finished, "the alert is open again")
        assertTrue(receipts.widening, "she reads that more neighbours are being asked")
        e.first.accept(ride.id)
        e.first.sync()
        assertTrue(e.resident.alertReceipts(ride.id).finished, "and closes once he is coming again")

        e.first.setAvailability(false)
        val another = e.resident.raise(e.group.id, RequestKind.HOSPITAL, "Again, please", urgent = true)
        e.resident.sync()
        assertEquals(0, e.resident.alertReceipts(another.id).alerted, "an unavailable neighbour is left alone")

        relay.stop()
        assertFailsWith<JinlinException.Offline> { e.first.setAvailability(true) }
    },

    Case("settings_that_make_no_sense_are_refused_with_a_reason") {
        val relay = relay()
        val e = estate(relay)
        val home = assertFailsWith<JinlinException.InvalidInput> { e.first.setHome(91.0, 0.0) }
        assertTrue(home.reason.contains("latitude"), home.reason)
        assertFailsWith<JinlinException.InvalidInput> { e.first.setQuietHours("25:00", "07:00") }
        assertFailsWith<JinlinException.InvalidInput> { e.first.setRelayCa("not a certificate") }
    },
)
