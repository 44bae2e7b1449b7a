package org.jinlin.app

import android.content.Context
import android.net.ConnectivityManager
import android.net.Network
import androidx.work.Constraints
import androidx.work.CoroutineWorker
import androidx.work.ExistingPeriodicWorkPolicy
import androidx.work.ExistingWorkPolicy
import androidx.work.NetworkType
import androidx.work.OneTimeWorkRequestBuilder
import androidx.work.PeriodicWorkRequestBuilder
import androidx.work.WorkManager
import androidx.work.WorkerParameters
import java.util.concurrent.TimeUnit
import org.jinlin.core.JinlinException

/** One sync with the relay. Offline it asks WorkManager to retry later; nothing is lost meanwhile. */
class SyncWorker(context: Context, params: WorkerParameters) : CoroutineWorker(context, params) {
    override suspend fun doWork(): Result {
        val app = applicationContext as JinlinApplication
        val jinlin = app.jinlin.await()
        return try {
            jinlin.sync()
            // Joined and online: the push token and the language, if still waiting, go now.
            app.retryPushToken()
            app.retryLanguage()
            Result.success()
        } catch (e: JinlinException.Offline) {
            Result.retry()
        } catch (e: JinlinException.NotRegistered) {
            Result.success()
        } catch (e: JinlinException) {
            Result.failure()
        }
    }
}

/** When the device syncs in the background. */
object SyncWork {
    private val online = Constraints.Builder().setRequiredNetworkType(NetworkType.CONNECTED).build()

    /** Every 15 minutes (WorkManager's shortest period), whenever there is a network. */
    fun schedulePeriodic(context: Context) {
        val request = PeriodicWorkRequestBuilder<SyncWorker>(15, TimeUnit.MINUTES)
            .setConstraints(online)
            .build()
        WorkManager.getInstance(context)
            .enqueueUniquePeriodicWork("jinlin-sync", ExistingPeriodicWorkPolicy.KEEP, request)
    }

    /** As soon as possible: after an action, or when the network comes back. */
    fun syncNow(context: Context) {
        val request = OneTimeWorkRequestBuilder<SyncWorker>().setConstraints(online).build()
        WorkManager.getInstance(context).enqueueUniqueWork("jinlin-sync-now", ExistingWorkPolicy.REPLACE, request)
    }

    /** Sends what was done offline the moment connectivity returns. */
    fun syncWhenNetworkReturns(context: Context) {
        val connectivity = context.getSystemService(ConnectivityManager::class.java)
        connectivity.registerDefaultNetworkCallback(object : ConnectivityManager.NetworkCallback() {
            override fun onAvailable(network: Network) {
                syncNow(context)
            }
        })
    }
}
