package org.jinlin.sdk

import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertNotEquals
import kotlin.test.assertNotNull
import kotlin.test.assertTrue
import org.jinlin.core.RequestKind

/*
 * A request is read in the reader's language: its kind, urgency and place from the reader's own
 * strings, her own words exactly as she wrote them. The resident's phone is Chinese (`chinese`),
 * her neighbour's English (`english`): the app's own string files, read as each phone would.
 */

val requestWordsCases = listOf(
    Case("her_one_tap_on_a_chinese_phone_reads_in_english_on_her_neighbours_phone") {
        val relay = relay()
        val n = neighbourhood(relay)
        val hers = HelpNowPresenter(n.resident)
        hers.handle(HelpNowEvent.Load)
        hers.handle(HelpNowEvent.TakeMeToHospital)
        val raised = assertNotNull(hers.state.value.request)
        assertEquals("", raised.text, "no sentence in her language is stored")
        assertTrue(raised.standard)
        assertEquals("紧急 · 请送我去医院 · 3 号楼 1202 室", raised.headline(chinese))

        n.neighbour.sync()
        val his = NearbyPresenter(n.neighbour)
        his.handle(NearbyEvent.Load)
        val seen = his.state.value.items.single { it.request.id == raised.id }.request
        assertEquals("Urgent · Please take me to hospital · Building 3, unit 1202", seen.headline(english))
        assertEquals(RequestKind.HOSPITAL, seen.kind)
    },

    Case("words_she_wrote_herself_are_shown_exactly_as_written_whatever_the_readers_language") {
        val relay = relay()
        val n = neighbourhood(relay)
        val tap = n.resident.raise(n.building3.id, RequestKind.REPAIR, "厨房水龙头漏水，下午在家")
        n.resident.sync()
        n.neighbour.sync()
        val his = NearbyPresenter(n.neighbour)
        his.handle(NearbyEvent.Load)
        val seen = his.state.value.items.single { it.request.id == tap.id }.request
        assertFalse(seen.standard)
        assertEquals("厨房水龙头漏水，下午在家", seen.what(english))
        assertEquals("厨房水龙头漏水，下午在家 · Building 3, unit 1202", seen.headline(english))
    },

    Case("a_request_an_older_app_stored_with_its_chinese_sentence_reads_in_english_too") {
        val relay = relay()
        val n = neighbourhood(relay)
        val old = n.resident.raise(n.building3.id, RequestKind.HOSPITAL, "请送我去医院", urgent = true)
        n.resident.sync()
        n.neighbour.sync()
        val seen = n.neighbour.show(old.id)
        assertEquals("请送我去医院", seen.text, "the document is kept as it was written")
        assertTrue(seen.standard)
        assertEquals("Please take me to hospital", seen.what(english))
        assertEquals("请送我去医院", seen.what(chinese))
    },

    Case("a_routine_request_without_words_is_refused_and_nothing_is_raised") {
        val relay = relay()
        val n = neighbourhood(relay)
        val e = kotlin.test.assertFailsWith<org.jinlin.core.JinlinException.EmptyText> {
            n.resident.raise(n.building3.id, RequestKind.ERRAND)
        }
        assertEquals("request text", e.what)
        assertTrue(n.resident.list().isEmpty())
    },

    Case("every_word_of_a_request_has_chinese_and_english") {
        for (key in requestWordKeys) {
            val args = if (key.startsWith("place_")) listOf("⟨1⟩", "⟨2⟩") else emptyList()
            val zh = assertNotNull(chinese.text(key, args), "$key has no Chinese")
            val en = assertNotNull(english.text(key, args), "$key has no English")
            assertNotEquals(zh, en, "$key is translated")
        }
    },
)
