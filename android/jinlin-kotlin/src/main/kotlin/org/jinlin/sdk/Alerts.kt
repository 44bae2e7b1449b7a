package org.jinlin.sdk

import org.jinlin.core.AlertReceiptsView
import org.jinlin.core.Contact
import org.jinlin.core.JinlinException
import org.jinlin.core.LeaderPhone
import org.jinlin.core.Location
import org.jinlin.core.PushService
import org.jinlin.core.QuietHours
import org.jinlin.core.SmsDraft
import org.jinlin.core.SmsLanguage

/*
 * Urgent alerts from this phone's side. Settings and receipts need the relay (offline they throw
 * `JinlinException.Offline` and change nothing); contacts, the text-message draft and the
 * relay's certificate authority stay on the device.
 */

/** Whether this member may be alerted for urgent help nearby. */
suspend fun Jinlin.setAvailability(available: Boolean) = client.setAvailability(available)

/** Quiet hours ("22:00" to "07:00"); an urgent ride to hospital still comes through unless
 * [medicalThrough] is false. [off] clears them. */
suspend fun Jinlin.setQuietHours(start: String, end: String, medicalThrough: Boolean = true) =
    client.setQuietHours(QuietHours(start, end, medicalThrough))

/** No quiet hours. */
suspend fun Jinlin.clearQuietHours() = client.setQuietHours(null)

/** The language the relay words this member's pushes and text messages in (Chinese until told). */
suspend fun Jinlin.setLanguage(language: SmsLanguage) = client.setLanguage(language)

/** Where this member lives, so urgent requests with a place reach the nearest first; null forgets it. */
suspend fun Jinlin.setHome(lat: Double?, lon: Double?) =
    client.setHome(if (lat != null && lon != null) Location(lat, lon) else null)

/** Where to wake this phone when it is offline (the FCM token on Android). */
suspend fun Jinlin.registerPush(service: PushService, token: String) = client.registerPush(service, token)

/** How an urgent request stands: alerted, seen, coming (the app words it, "已通知 8 位邻居 · 5 位已看到 · 2 位正在赶来"). */
suspend fun Jinlin.alertReceipts(requestId: String): AlertReceiptsView = client.alertReceipts(requestId)

/** Tells the requester this member looked at the alert. */
suspend fun Jinlin.alertSeen(requestId: String) = client.alertSeen(requestId)

/** Trusts only this certificate authority (PEM) for a community relay; null: the phone's own. */
suspend fun Jinlin.setRelayCa(pem: String?) = client.setRelayCa(pem)

/** The people to text when an urgent request cannot go out. */
suspend fun Jinlin.setEmergencyContacts(contacts: List<Contact>) = client.setEmergencyContacts(contacts)

/** The emergency contacts. */
suspend fun Jinlin.emergencyContacts(): List<Contact> = client.emergencyContacts()

/**
 * The text message to offer for an urgent request this phone raised that has not reached the
 * relay 20 s on, or null. Building leaders' numbers come from the phone's contacts.
 */
suspend fun Jinlin.smsFallback(requestId: String, leaderPhones: List<LeaderPhone> = emptyList()): SmsDraft? =
    client.smsFallback(requestId, leaderPhones)

/**
 * More neighbours are being asked: the alert has widened past her building, or reopened because
 * someone who was coming withdrew. The app words it ("第 2 轮，正在通知更多邻居").
 */
val AlertReceiptsView.widening: Boolean get() = !finished && wave > 1

/**
 * The language the app shows on a phone set to [locale]: English for an English phone, Chinese
 * otherwise (the app's default strings are Chinese).
 */
fun languageShownFor(locale: java.util.Locale): SmsLanguage =
    if (locale.language == "en") SmsLanguage.EN else SmsLanguage.ZH_HANS

/**
 * The language the app shows on a phone set to [locale]: the relay's refusals are said in it on
 * this phone at once ([Jinlin.setShownLanguage]), and the relay is told, so its pushes and text
 * messages to this member are in it. False before the phone has joined or without a link: call
 * again then (at start, after joining, when the phone's language changes).
 */
suspend fun Jinlin.sendLanguage(locale: java.util.Locale): Boolean {
    setShownLanguage(languageShownFor(locale))
    if (identity() == null) return false
    return try {
        setLanguage(languageShownFor(locale))
        true
    } catch (e: JinlinException.Offline) {
        false
    } catch (e: JinlinException.NotRegistered) {
        false
    }
}
