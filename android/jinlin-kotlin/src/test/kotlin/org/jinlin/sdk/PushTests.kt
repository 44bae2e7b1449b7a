package org.jinlin.sdk

import java.util.Locale
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertNull
import kotlin.test.assertTrue
import org.jinlin.core.JinlinException
import org.jinlin.core.PushService
import org.jinlin.core.RequestKind
import org.jinlin.core.SmsLanguage

/* Push tokens and the notification question, from the phones' side, against a real relay. */

/** The phone's notification permission as a test sets it. */
class FakePermission(var granted: Boolean, var asked: Boolean = false) : NotificationPermission {
    override fun granted() = granted

    override fun asked() = asked
}

/** What the phone remembers of the token the relay has, in memory. */
class RememberedToken : PushTokenMemory {
    var token: PushToken? = null
    var sends = 0

    override fun sent() = token

    override fun remember(token: PushToken) {
        this.token = token
        sends++
    }
}

val pushCases = listOf(
    Case("a_push_token_waits_until_the_phone_has_joined_and_a_link_then_reaches_the_relay_once") {
        var relay = relay()
        val n = neighbourhood(relay)
        val memory = RememberedToken()
        val token = PushToken(PushService.FCM, "fcm-token-of-the-new-phone")

        val newcomer = device("newcomer", relay.url)
        assertFalse(newcomer.registerPushToken(token, memory), "not joined yet: kept")
        assertNull(memory.token)
        newcomer.register("Newcomer", "5", "808")
        newcomer.join(n.office.invite(n.building5.id).code)

        relay.stop()
        assertFalse(newcomer.registerPushToken(token, memory), "no link: kept")
        relay = restart(relay)
        assertTrue(newcomer.registerPushToken(token, memory))
        assertTrue(newcomer.registerPushToken(token, memory), "the relay has it")
        assertEquals(1, memory.sends, "sent once")

        val renewed = PushToken(PushService.HUAWEI, "huawei-token-after-a-reinstall")
        assertTrue(newcomer.registerPushToken(renewed, memory))
        assertEquals(renewed, memory.token)

        val empty = PushToken(PushService.FCM, "")
        assertFailsWith<JinlinException.InvalidInput> { newcomer.registerPushToken(empty, memory) }
        assertEquals(renewed, memory.token, "a refused token is not remembered as sent")
    },

    Case("the_relay_is_told_the_language_the_app_shows_once_the_phone_has_joined_and_has_a_link") {
        assertEquals(SmsLanguage.EN, languageShownFor(Locale.UK))
        assertEquals(SmsLanguage.ZH_HANS, languageShownFor(Locale.SIMPLIFIED_CHINESE))
        assertEquals(SmsLanguage.ZH_HANS, languageShownFor(Locale.TRADITIONAL_CHINESE))
        assertEquals(SmsLanguage.ZH_HANS, languageShownFor(Locale.JAPAN), "the app's own strings are Chinese there")
        var relay = relay()
        val n = neighbourhood(relay)
        val newcomer = device("newcomer", relay.url)
        assertFalse(newcomer.sendLanguage(Locale.UK), "not joined yet: told later")
        newcomer.register("Newcomer", "5", "808")
        newcomer.join(n.office.invite(n.building5.id).code)
        relay.stop()
        assertFalse(newcomer.sendLanguage(Locale.UK), "no link: told later")
        relay = restart(relay)
        assertTrue(newcomer.sendLanguage(Locale.UK))
        assertTrue(newcomer.sendLanguage(Locale.SIMPLIFIED_CHINESE), "changed back")
    },

    Case("she_is_asked_for_notifications_right_after_her_first_request_and_only_once") {
        val relay = relay()
        val n = neighbourhood(relay)
        val permission = FakePermission(granted = false)
        val screen = HelpNowPresenter(n.resident, notifications = permission)
        screen.handle(HelpNowEvent.Load)
        assertFalse(screen.state.value.askNotifications, "not before she needs them")
        screen.handle(HelpNowEvent.TakeMeToHospital)
        assertTrue(screen.state.value.askNotifications)
        assertTrue(screen.state.value.request!!.urgent, "the request went first")
        permission.asked = true
        screen.handle(HelpNowEvent.NotificationsAsked)
        assertFalse(screen.state.value.askNotifications)
        screen.handle(HelpNowEvent.Cancel)
        screen.handle(HelpNowEvent.TakeMeToHospital)
        assertFalse(screen.state.value.askNotifications, "never nagged")

        // A volunteer is asked when he first says he can help; one who allowed them is not.
        val errand = n.resident.raise(n.building3.id, RequestKind.ERRAND, "Carry the rice upstairs")
        n.resident.sync()
        n.neighbour.sync()
        val his = NearbyPresenter(n.neighbour, FakePermission(granted = false))
        his.handle(NearbyEvent.Accept(errand.id))
        assertTrue(his.state.value.askNotifications)
        n.neighbour.sync()
        val allowed = NearbyPresenter(n.neighbour, FakePermission(granted = true))
        allowed.handle(NearbyEvent.Accept(screen.state.value.request!!.id))
        assertNull(allowed.state.value.error)
        assertFalse(allowed.state.value.askNotifications)
    },
)
