package org.jinlin.app

import android.content.Context
import com.google.firebase.FirebaseApp
import com.google.firebase.messaging.FirebaseMessaging
import com.google.firebase.messaging.FirebaseMessagingService
import com.google.firebase.messaging.RemoteMessage
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeoutOrNull
import org.jinlin.core.JinlinException
import org.jinlin.core.PushService
import org.jinlin.sdk.PushToken
import org.jinlin.sdk.PushTokenMemory

/*
 * Push that wakes a closed app. The only code that touches a push SDK is here: Firebase Cloud
 * Messaging, where the phone has Google Play services. A maker's channel (Huawei/Honor Push Kit,
 * Xiaomi MiPush) would be one more [PushChannel] giving its token with PushService.HUAWEI or
 * XIAOMI; the relay already speaks to both. What to do with a token (send it once the phone has
 * joined and has a link) is the SDK's registerPushToken, tested on the JVM.
 */

/** A push service on this phone that hands out a token. */
fun interface PushChannel {
    /** Asks for the current token and passes it to [onToken] (never, if the service is absent). */
    fun start(context: Context, onToken: (PushToken) -> Unit)
}

/** FCM, when the app is built with a google-services.json; absent otherwise. */
val fcm = PushChannel { context, onToken ->
    if (FirebaseApp.getApps(context).isEmpty() && FirebaseApp.initializeApp(context) == null) return@PushChannel
    FirebaseMessaging.getInstance().token.addOnSuccessListener { onToken(PushToken(PushService.FCM, it)) }
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

    override fun onMessageReceived(message: RemoteMessage) {
        val app = application as JinlinApplication
        // A high-priority message gives about 10 s: the sync brings the request, and the
        // application's urgent-alert listener shows it full screen.
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
}
