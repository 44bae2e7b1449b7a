package org.jinlin.sdk

import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNotEquals
import kotlin.test.assertNotNull
import kotlin.test.assertTrue
import org.jinlin.core.GroupKind
import org.jinlin.core.JinlinException
import org.jinlin.core.Missing
import org.jinlin.core.RequestKind
import org.jinlin.core.Status
import org.jinlin.core.errorMessageKeys

/*
 * A failed call reaches the app as its own case with its fields, a stable code and a message key
 * the app renders in the reader's language: the same failure reads in Chinese on one phone and
 * in English on another.
 */

val messageCases = listOf(
    Case("accepting_a_done_request_says_it_is_done_in_chinese_and_in_english") {
        val phone = device("phone")
        phone.setIdentity("Neighbour")
        val group = phone.createGroup("Building 3", GroupKind.BUILDING)
        val request = phone.raise(group.id, RequestKind.REPAIR, "Fix the tap", onBehalfOf = "Old Mr Zhao")
        phone.done(request.id)
        val e = assertFailsWith<JinlinException.RequestFinal> { phone.accept(request.id) }
        assertEquals(Status.DONE, e.status)
        assertEquals("request_final", e.code())
        assertEquals("error_request_final_done", e.messageKey())
        assertEquals("这件事已经办完了，不能再改。", e.localized(chinese))
        assertEquals("This request is done and can no longer change.", e.localized(english))
    },

    Case("joining_with_an_unknown_or_mistyped_invite_code_says_so_in_her_language") {
        val relay = relay()
        val phone = device("newcomer", relay.url)
        phone.register("Newcomer")
        val unknown = assertFailsWith<JinlinException.NotFound> { phone.join("ABCDE-FGHJK") }
        assertEquals(Missing.INVITE, unknown.what)
        assertEquals("not_found", unknown.code())
        assertEquals("没有这个邀请码，请再核对一下。", unknown.localized(chinese))
        assertEquals("There is no such invite code. Please check it.", unknown.localized(english))
        val mistyped = assertFailsWith<JinlinException.BadInviteCode> { phone.join("ABCDEFGH") }
        assertEquals("bad_invite_code", mistyped.code())
        assertEquals("这不是邀请码，请再核对一下。", mistyped.localized(chinese))
        assertTrue(phone.groups().isEmpty(), "joined nothing")
    },

    Case("an_over_long_comment_gives_its_length_and_the_limit_in_both_languages") {
        val phone = device("phone")
        phone.setIdentity("Resident")
        val group = phone.createGroup("Building 3", GroupKind.BUILDING)
        val request = phone.raise(group.id, RequestKind.REPAIR, "Fix the tap")
        val text = "水".repeat(5000)
        val e = assertFailsWith<JinlinException.TooLong> { phone.comment(request.id, text) }
        assertEquals(5000L, e.length)
        assertEquals("too_long", e.code())
        assertEquals("写得太长了：5000 个字，最多 ${e.max} 个字。", e.localized(chinese))
        assertEquals("That is too long: 5000 characters, at most ${e.max}.", e.localized(english))
        assertTrue(phone.show(request.id).comments.isEmpty(), "nothing was written")
    },

    Case("a_rule_the_core_gives_only_in_words_follows_the_localized_message_in_brackets") {
        val phone = device("phone")
        phone.setIdentity("Resident")
        val group = phone.createGroup("Building 3", GroupKind.BUILDING)
        val request = phone.raise(group.id, RequestKind.ERRAND, "Bread")
        val e = assertFailsWith<JinlinException.NotAllowed> { phone.accept(request.id) }
        assertEquals("not_allowed", e.code())
        assertEquals("这一步不能做。（${e.reason}）", e.localized(chinese))
        assertEquals("Not allowed. (${e.reason})", e.localized(english))
    },

    Case("every_error_message_key_has_chinese_and_english_with_its_arguments") {
        val keys = errorMessageKeys()
        assertTrue(keys.size >= 20, "the core names its keys")
        for (key in keys) {
            val args = (1..key.arguments).map { "⟨$it⟩" }
            val zh = assertNotNull(chinese.text(key.key, args), "${key.key} has no Chinese")
            val en = assertNotNull(english.text(key.key, args), "${key.key} has no English")
            assertNotEquals(zh, en, "${key.key} is translated")
            for (arg in args) {
                assertTrue(arg in zh && arg in en, "${key.key} shows its argument $arg: $zh / $en")
            }
        }
    },

    Case("a_key_the_app_lacks_falls_back_to_the_words_for_an_internal_failure") {
        val phone = device("phone")
        val e = assertFailsWith<JinlinException.NotRegistered> { phone.sync() }
        val partial = Messages { key, args -> if (key == "error_not_registered") null else chinese.text(key, args) }
        assertEquals(chinese.strings.getValue("error_internal"), e.localized(partial))
        assertEquals("not_registered", e.localized { _, _ -> null })
    },
)
