package org.jinlin.app

import android.content.Context
import android.os.Build
import com.google.android.gms.common.ConnectionResult
import com.google.android.gms.common.GoogleApiAvailability
import com.google.firebase.FirebaseApp
import com.google.firebase.messaging.FirebaseMessaging
import com.google.firebase.messaging.FirebaseMessagingService
import com.google.firebase.messaging.RemoteMessage
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeoutOrNull
import org.jinlin.core.JinlinException
import org.jinlin.core.PushService
import org.jinlin.sdk.PhoneMaker
import org.jinlin.sdk.PushToken
import org.jinlin.sdk.PushTokenMemory
import org.jinlin.sdk.pushServicesFor

/*
 * Push that wakes a closed app. The code that touches a push SDK is here and beside it: Firebase
 * Cloud Messaging where the phone has Google Play services, Huawei Push Kit (`HuaweiPush.kt`) and
 * Xiaomi MiPush (`XiaomiPush.kt`, in the `mainland` flavour). Which one a phone starts is the
 * SDK's pushServicesFor (by maker), and what to do with a token (send it once the phone has
 * joined and has a link) is the SDK's registerPushToken; both are tested on the JVM.
 */

/** A push service on this phone that hands out a token. */
fun interface PushChannel {
    /** Asks for the current token and passes it to [onToken] (never, if the service is absent). */
    fun start(context: Context, onToken: (PushToken) -> Unit)

    /** Whether the app was built with this service's configuration. */
    fun available(context: Context): Boolean = true
}

/** Starts the first push service [pushServicesFor] picks for this phone that the app was built with. */
fun startPush(app: JinlinApplication) {
    val googlePlay = GoogleApiAvailability.getInstance().isGooglePlayServicesAvailable(app) == ConnectionResult.SUCCESS
    val channels = mapOf(PushService.FCM to fcm, PushService.HUAWEI to huaweiPush, PushService.XIAOMI to xiaomiPush)
    pushServicesFor(PhoneMaker(Build.MANUFACTURER, Build.BRAND, googlePlay))
        .firstNotNullOfOrNull { service -> channels[service]?.takeIf { it.available(app) } }
        ?.start(app) { app.sendPushToken(it) }
}

/** A push woke the app: sync within the ~10 s a high-priority message gives, which shows any urgent alert. */
fun wakeAndSync(app: JinlinApplication) {
    runBlocking {
        withTimeoutOrNull(8_000) {
            try {
                app.jinlin.await().sync()
            } catch (e: JinlinException) {
                SyncWork.syncNow(app)
            }
        }
    }
}

/** FCM, when the app is built with a google-services.json; absent otherwise. */
val fcm = object : PushChannel {
    override fun available(context: Context) =
        FirebaseApp.getApps(context).isNotEmpty() || FirebaseApp.initializeApp(context) != null

    override fun start(context: Context, onToken: (PushToken) -> Unit) {
        FirebaseMessaging.getInstance().token.addOnSuccessListener { onToken(PushToken(PushService.FCM, it)) }
    }
}

/** The token the relay has, in the app's preferences. */
class AppPushTokenMemory(context: Context) : PushTokenMemory {
    private val prefs = context.applicationContext.getSharedPreferences("jinlin", Context.MODE_PRIVATE)

    override fun sent(): PushToken? {
        val service = prefs.getString("push_service", null) ?: return null
        val token = prefs.getString("push_token", null) ?: return null
        return PushService.entries.firstOrNull { it.name == service }?.let { PushToken(it, token) }
    }

    override fun remember(token: PushToken) {
        prefs.edit().putString("push_service", token.service.name).putString("push_token", token.token).apply()
    }
}

/** FCM's messages: a new token goes to the relay; a wake-up syncs, which shows any urgent alert. */
class JinlinMessagingService : FirebaseMessagingService() {
    override fun onNewToken(token: String) {
        (application as JinlinApplication).sendPushToken(PushToken(PushService.FCM, token))
    }

    override fun onMessageReceived(message: RemoteMessage) = wakeAndSync(application as JinlinApplication)
}
