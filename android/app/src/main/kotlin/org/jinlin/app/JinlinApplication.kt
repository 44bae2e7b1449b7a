package org.jinlin.app

import android.app.Application
import android.content.res.Configuration
import java.util.Locale
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.async
import kotlinx.coroutines.launch
import org.jinlin.core.JinlinException
import org.jinlin.sdk.Jinlin
import org.jinlin.sdk.PushToken
import org.jinlin.sdk.registerPushToken
import org.jinlin.sdk.sendLanguage

/**
 * The app process: opens the device's store once, schedules background sync, syncs when the
 * network returns, turns urgent requests from neighbours into full-screen notifications, and
 * gives the relay this phone's push token so an alert can wake it.
 */
class JinlinApplication : Application() {
    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)

    /** The device, opened on first use (off the main thread). */
    val jinlin: Deferred<Jinlin> by lazy {
        scope.async { Jinlin.open(filesDir.resolve("jinlin.db").path, BuildConfig.RELAY_URL) }
    }

    /** The latest token from a push service, sent again at each start until the relay has it. */
    @Volatile
    private var pushToken: PushToken? = null

    override fun onCreate() {
        super.onCreate()
        UrgentAlerts.createChannel(this)
        SyncWork.schedulePeriodic(this)
        SyncWork.syncWhenNetworkReturns(this)
        scope.launch { UrgentAlerts.notifyEach(this@JinlinApplication, jinlin.await()) }
        startPush(this)
        retryLanguage()
    }

    override fun onConfigurationChanged(newConfig: Configuration) {
        super.onConfigurationChanged(newConfig)
        retryLanguage()
    }

    /** The phone language the relay was last told of in this process (told again at each start). */
    @Volatile
    private var languageSent: Locale? = null

    /**
     * Tells the relay the language the app shows, so pushes and text messages reach her in it;
     * before joining, or offline, tried again after the next sync.
     */
    fun retryLanguage() {
        val locale = Locale.getDefault()
        if (languageSent == locale) return
        scope.launch {
            try {
                if (jinlin.await().sendLanguage(locale)) languageSent = locale
            } catch (e: JinlinException) {
                // Refused: tried again after the next sync.
            }
        }
    }

    /** Sends [token] to the relay if it does not have it; before joining, or offline, retried by [retryPushToken]. */
    fun sendPushToken(token: PushToken) {
        pushToken = token
        retryPushToken()
    }

    /** Tries the latest push token again (after joining, after a sync). */
    fun retryPushToken() {
        val token = pushToken ?: return
        scope.launch {
            try {
                jinlin.await().registerPushToken(token, AppPushTokenMemory(this@JinlinApplication))
            } catch (e: JinlinException) {
                // Refused (a malformed token): the service hands out a new one on its next start.
            }
        }
    }
}
