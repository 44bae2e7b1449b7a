package org.jinlin.sdk

import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertTrue
import org.jinlin.core.GroupKind
import org.jinlin.core.JinlinException
import org.jinlin.core.RequestKind

/* Errors reach Kotlin as JinlinException subclasses a screen can act on, with no personal data. */

val errorCases = listOf(
    Case("an_empty_request_text_is_invalid_input_and_saves_nothing") {
        val phone = device("phone")
        phone.setIdentity("Resident")
        val group = phone.createGroup("Building 3", GroupKind.BUILDING)
        val e = assertFailsWith<JinlinException.InvalidInput> { phone.raise(group.id, RequestKind.ERRAND, "   ") }
        assertEquals("request text must not be empty", e.message)
        assertTrue(phone.list().isEmpty())
    },

    Case("zero_volunteer_slots_is_invalid_input") {
        val phone = device("phone")
        phone.setIdentity("Resident")
        val group = phone.createGroup("Building 3", GroupKind.BUILDING)
        assertFailsWith<JinlinException.InvalidInput> { phone.raise(group.id, RequestKind.ERRAND, "Bread", slots = 0) }
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
        assertFalse(e.message.orEmpty().contains(unknown), "the message does not echo the id")
    },

    Case("a_done_request_can_no_longer_change") {
        val phone = device("phone")
        phone.setIdentity("Resident")
        val group = phone.createGroup("Building 3", GroupKind.BUILDING)
        val request = phone.raise(group.id, RequestKind.REPAIR, "Fix the tap")
        phone.done(request.id)
        assertFailsWith<JinlinException.RequestFinal> { phone.accept(request.id) }
        assertFailsWith<JinlinException.RequestFinal> { phone.cancel(request.id) }
    },

    Case("an_over_long_comment_is_refused_without_repeating_it") {
        val phone = device("phone")
        phone.setIdentity("Resident")
        val group = phone.createGroup("Building 3", GroupKind.BUILDING)
        val request = phone.raise(group.id, RequestKind.REPAIR, "Fix the tap")
        val text = "Flat 1202, door code 4711. " + "x".repeat(3000)
        val e = assertFailsWith<JinlinException.InvalidInput> { phone.comment(request.id, text) }
        assertFalse(e.message.orEmpty().contains("4711"), "the message holds no personal data")
    },

    Case("signing_up_twice_is_not_allowed") {
        val phone = device("phone")
        phone.setIdentity("Neighbour")
        val group = phone.createGroup("Building 3", GroupKind.BUILDING)
        // Raised for a neighbour without a phone: nobody signs up for their own request.
        val request = phone.raise(group.id, RequestKind.ERRAND, "Bread", onBehalfOf = "Old Mr Zhao")
        phone.accept(request.id)
        assertFailsWith<JinlinException.NotAllowed> { phone.accept(request.id) }
    },
)
