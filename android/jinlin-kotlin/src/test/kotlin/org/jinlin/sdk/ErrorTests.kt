package org.jinlin.sdk

import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertTrue
import org.jinlin.core.GroupKind
import org.jinlin.core.JinlinException
import org.jinlin.core.Missing
import org.jinlin.core.RequestKind
import org.jinlin.core.Status

/* Errors reach Kotlin as JinlinException subclasses a screen can act on, with no personal data. */

val errorCases = listOf(
    Case("an_empty_request_text_is_refused_naming_the_text_and_saves_nothing") {
        val phone = device("phone")
        phone.setIdentity("Resident")
        val group = phone.createGroup("Building 3", GroupKind.BUILDING)
        val e = assertFailsWith<JinlinException.EmptyText> { phone.raise(group.id, RequestKind.ERRAND, "   ") }
        assertEquals("request text", e.what)
        assertEquals("empty_text", e.code())
        assertTrue(phone.list().isEmpty())
    },

    Case("zero_volunteer_slots_is_refused_with_the_most_allowed") {
        val phone = device("phone")
        phone.setIdentity("Resident")
        val group = phone.createGroup("Building 3", GroupKind.BUILDING)
        val e = assertFailsWith<JinlinException.InvalidSlots> { phone.raise(group.id, RequestKind.ERRAND, "Bread", slots = 0) }
        assertEquals(0L, e.given)
        assertTrue(e.max > 1, "more than one volunteer may be asked for")
        assertEquals(listOf(e.max.toString()), e.messageArgs())
        assertTrue(phone.list().isEmpty())
    },

    Case("acting_before_having_an_identity_asks_to_register") {
        val phone = device("phone")
        assertFailsWith<JinlinException.NotRegistered> { phone.createGroup("Building 3", GroupKind.BUILDING) }
        assertFailsWith<JinlinException.NotRegistered> { phone.sync() }
    },

    Case("a_malformed_id_is_invalid_input_and_an_unknown_one_is_not_found") {
        val phone = device("phone")
        phone.setIdentity("Resident")
        assertFailsWith<JinlinException.InvalidInput> { phone.show("not-an-id") }
        val unknown = "6f1c3a52-3b0e-4a8c-9a57-0d8e7b7f4e21"
        val e = assertFailsWith<JinlinException.NotFound> { phone.show(unknown) }
        assertEquals(Missing.REQUEST, e.what)
        assertFalse(e.messageArgs().any { it.contains(unknown) }, "the message does not echo the id")
    },

    Case("a_done_request_can_no_longer_change") {
        val phone = device("phone")
        phone.setIdentity("Resident")
        val group = phone.createGroup("Building 3", GroupKind.BUILDING)
        val request = phone.raise(group.id, RequestKind.REPAIR, "Fix the tap")
        phone.done(request.id)
        assertEquals(Status.DONE, assertFailsWith<JinlinException.RequestFinal> { phone.accept(request.id) }.status)
        assertFailsWith<JinlinException.RequestFinal> { phone.cancel(request.id) }
    },

    Case("an_over_long_comment_is_refused_without_repeating_it") {
        val phone = device("phone")
        phone.setIdentity("Resident")
        val group = phone.createGroup("Building 3", GroupKind.BUILDING)
        val request = phone.raise(group.id, RequestKind.REPAIR, "Fix the tap")
        val text = "Flat 1202, door code 4711. " + "x".repeat(3000)
        val e = assertFailsWith<JinlinException.TooLong> { phone.comment(request.id, text) }
        assertEquals(text.length.toLong(), e.length)
        assertTrue(e.max < e.length)
        assertFalse(e.messageArgs().any { it.contains("4711") }, "the message holds no personal data")
    },

    Case("signing_up_twice_says_so") {
        val phone = device("phone")
        phone.setIdentity("Neighbour")
        val group = phone.createGroup("Building 3", GroupKind.BUILDING)
        // Raised for a neighbour without a phone: nobody signs up for their own request.
        val request = phone.raise(group.id, RequestKind.ERRAND, "Bread", onBehalfOf = "Old Mr Zhao")
        phone.accept(request.id)
        assertFailsWith<JinlinException.AlreadySignedUp> { phone.accept(request.id) }
    },
)
