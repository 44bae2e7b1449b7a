package org.jinlin.app

import android.app.Application
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.async
import kotlinx.coroutines.launch
import org.jinlin.sdk.Jinlin

/**
 * The app process: opens the device's store once, schedules background sync, syncs when the
 * network returns, and turns urgent requests from neighbours into high-priority notifications.
 */
class JinlinApplication : Application() {
    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)

    /** The device, opened on first use (off the main thread). */
    val jinlin: Deferred<Jinlin> by lazy {
        scope.async { Jinlin.open(filesDir.resolve("jinlin.db").path, BuildConfig.RELAY_URL) }
    }

    override fun onCreate() {
        super.onCreate()
        UrgentAlerts.createChannel(this)
        SyncWork.schedulePeriodic(this)
        SyncWork.syncWhenNetworkReturns(this)
        scope.launch { UrgentAlerts.notifyEach(this@JinlinApplication, jinlin.await()) }
    }
}
