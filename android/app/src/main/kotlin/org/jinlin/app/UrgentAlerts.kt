package org.jinlin.app

import android.Manifest
import android.app.NotificationChannel
import android.app.NotificationManager
import android.app.PendingIntent
import android.content.Context
import android.content.Intent
import android.content.pm.PackageManager
import android.os.Build
import androidx.core.app.NotificationCompat
import androidx.core.app.NotificationManagerCompat
import org.jinlin.core.RequestView
import org.jinlin.sdk.Jinlin
import org.jinlin.sdk.urgentAlerts

/** Urgent requests from neighbours, as heads-up notifications on a high-priority channel. */
object UrgentAlerts {
    private const val CHANNEL = "urgent"

    fun createChannel(context: Context) {
        val channel = NotificationChannel(
            CHANNEL,
            context.getString(R.string.urgent_channel),
            NotificationManager.IMPORTANCE_HIGH,
        )
        channel.description = context.getString(R.string.urgent_channel_description)
        channel.enableVibration(true)
        context.getSystemService(NotificationManager::class.java).createNotificationChannel(channel)
    }

    /** Shows one notification per urgent request, for as long as the process lives. */
    suspend fun notifyEach(context: Context, jinlin: Jinlin) {
        jinlin.urgentAlerts().collect { show(context, it) }
    }

    private fun show(context: Context, request: RequestView) {
        val allowed = Build.VERSION.SDK_INT < 33 ||
            context.checkSelfPermission(Manifest.permission.POST_NOTIFICATIONS) == PackageManager.PERMISSION_GRANTED
        if (!allowed) return
        val open = PendingIntent.getActivity(
            context,
            0,
            Intent(context, MainActivity::class.java).putExtra(MainActivity.OPEN_NEARBY, true),
            PendingIntent.FLAG_IMMUTABLE or PendingIntent.FLAG_UPDATE_CURRENT,
        )
        val where = listOfNotNull(request.place.building, request.place.unit).joinToString("-")
        val notification = NotificationCompat.Builder(context, CHANNEL)
            .setSmallIcon(android.R.drawable.stat_notify_error)
            .setContentTitle(request.requester.name + if (where.isEmpty()) "" else " · $where")
            .setContentText(request.text)
            .setPriority(NotificationCompat.PRIORITY_HIGH)
            .setCategory(NotificationCompat.CATEGORY_CALL)
            .setContentIntent(open)
            .setAutoCancel(true)
            .build()
        NotificationManagerCompat.from(context).notify(request.id.hashCode(), notification)
    }
}
