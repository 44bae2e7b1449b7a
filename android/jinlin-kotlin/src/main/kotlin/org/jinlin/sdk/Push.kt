package org.jinlin.sdk

import org.jinlin.core.JinlinException
import org.jinlin.core.PushService

/*
 * What the phone's platform does for alerts, behind interfaces the presenters can be tested
 * with: whether notifications may be shown and whether the person was asked, and the push token
 * that wakes a closed app (FCM; in mainland China the maker's channel). The app implements them
 * with the Android SDK; the JVM tests with plain objects.
 */

/** Whether this phone may show notifications, and whether its person was asked already. */
interface NotificationPermission {
    /** Notifications may be shown (Android 13+: POST_NOTIFICATIONS granted; before that, always). */
    fun granted(): Boolean

    /** The person was asked (or declined) already: ask once, never nag. */
    fun asked(): Boolean
}

/** Notifications allowed (a phone before Android 13, or a test that does not look at them). */
object NotificationsAllowed : NotificationPermission {
    override fun granted() = true

    override fun asked() = true
}

/**
 * Whether to explain and ask for notifications now: she has just raised or volunteered (so she
 * will want to hear back), they are not allowed, and she was not asked before.
 */
fun NotificationPermission.worthAsking(): Boolean = !granted() && !asked()

/** A push token and the service that issued it. */
data class PushToken(val service: PushService, val token: String)

/** Where the token last sent to the relay is remembered (the app's preferences on a phone). */
interface PushTokenMemory {
    /** The token the relay has, or null. */
    fun sent(): PushToken?

    /** Remembers [token] as the one the relay has. */
    fun remember(token: PushToken)
}

/**
 * Sends this phone's push [token] to the relay if the relay does not have it yet, so an urgent
 * alert can wake the phone with the app closed. Returns true when the relay has it. Before the
 * phone has joined, or without a link, it is kept for the next call (at start, on a new token,
 * after joining); a token the relay refuses (empty, too long) is thrown as
 * [JinlinException.InvalidInput].
 */
suspend fun Jinlin.registerPushToken(token: PushToken, memory: PushTokenMemory): Boolean {
    if (memory.sent() == token) return true
    if (identity() == null) return false
    try {
        registerPush(token.service, token.token)
    } catch (e: JinlinException.Offline) {
        return false
    } catch (e: JinlinException.NotRegistered) {
        return false
    }
    memory.remember(token)
    return true
}
