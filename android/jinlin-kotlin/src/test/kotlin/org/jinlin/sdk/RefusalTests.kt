package org.jinlin.sdk

import java.time.Duration
import java.time.Instant
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import org.jinlin.core.Electorate
import org.jinlin.core.JinlinException
import org.jinlin.core.Role
import org.jinlin.core.SmsLanguage

/*
 * The relay's refusals reach the reader in the language the app shows: a change it refused is
 * listed with its reason in Chinese (the relay's English words and the refusal's stable code
 * beside it), and a call it refuses is said in Chinese inside the app's own message. English
 * when the app shows English.
 */

val refusalCases = listOf(
    Case("a_ballot_cast_after_the_vote_was_closed_early_is_refused_and_the_voter_reads_why_in_chinese") {
        val relay = relay()
        val n = neighbourhood(relay)
        val now = Instant.now()
        val lifts = n.office.propose(
            n.building3.id,
            "Replace the lift",
            "Quotes attached",
            opensAt = now.minus(Duration.ofMinutes(1)),
            closesAt = now.plus(Duration.ofHours(1)),
            electorate = Electorate.MEMBERS,
            earlyClose = true,
        )
        n.office.sync()
        n.resident.sync()
        n.office.closeProposal(lifts.id)
        n.office.sync()

        // Her phone has not heard of the close: the ballot is saved, and refused on the way.
        n.resident.vote(lifts.id, listOf("yes"))
        n.resident.sync()

        val refused = n.resident.refused().single()
        assertEquals(lifts.id, refused.docId)
        assertEquals("投票已经提前结束；这张选票在结束以后才送到服务器，不计入结果", refused.localizedReason)
        assertEquals("proposal.closed_early", refused.refusal)
        assertEquals(
            "the vote was closed early; this ballot reached the relay after the close and is not counted",
            refused.reason,
        )
        try {
            n.resident.setShownLanguage(SmsLanguage.EN)
            assertEquals(refused.reason, n.resident.refused().single().localizedReason)
        } finally {
            n.resident.setShownLanguage(SmsLanguage.ZH_HANS)
        }
    },

    Case("a_call_the_relay_refuses_is_said_in_chinese_inside_the_apps_message_with_its_stable_code") {
        val relay = relay()
        val n = neighbourhood(relay)
        val e = assertFailsWith<JinlinException.NotAllowed> { n.resident.invite(n.building3.id, Role.STAFF) }
        assertEquals("a resident cannot invite a staff", e.reason)
        assertEquals("relay.cannot_invite", e.refusal())
        assertEquals("这一步不能做。（居民不能邀请社区工作人员）", e.localized(chinese))
    },

    Case("a_resident_cutting_off_a_neighbours_phone_is_refused_and_reads_why_in_chinese") {
        val relay = relay()
        val n = neighbourhood(relay)
        val neighbour = n.neighbour.identity()!!.memberId
        val e = assertFailsWith<JinlinException.NotAllowed> { n.resident.revokeDevice(n.building3.id, neighbour) }
        assertEquals("only staff of this group (or of a group above it) revoke a member's device", e.reason)
        assertEquals("relay.revokes_device", e.refusal())
        assertEquals("这一步不能做。（只有本群组（或上级群组）的社区工作人员才能停用成员的设备）", e.localized(chinese))
        try {
            n.resident.setShownLanguage(SmsLanguage.EN)
            assertEquals("Not allowed. (${e.reason})", e.localized(english))
        } finally {
            n.resident.setShownLanguage(SmsLanguage.ZH_HANS)
        }
        // Still connected: the neighbour's phone syncs as before.
        n.neighbour.sync()
    },

    Case("the_phones_own_check_is_said_in_chinese_with_its_stable_code") {
        val relay = relay()
        val n = neighbourhood(relay)
        // A group's id is no order on this phone.
        val missing = n.building3.id
        val e = assertFailsWith<JinlinException.InvalidInput> { n.resident.order(missing) }
        assertEquals("no order $missing on this device", e.reason)
        assertEquals("phone.no_order_here", e.refusal())
        assertEquals("填写的内容不对，请改一改。（本设备上没有服务单 $missing）", e.localized(chinese))
        try {
            n.resident.setShownLanguage(SmsLanguage.EN)
            assertEquals("Something entered is not right. (${e.reason})", e.localized(english))
        } finally {
            n.resident.setShownLanguage(SmsLanguage.ZH_HANS)
        }
    },
)
