package org.jinlin.app

import android.app.NotificationChannel
import android.app.NotificationManager
import android.app.PendingIntent
import android.content.Context
import android.media.AudioAttributes
import android.media.RingtoneManager
import androidx.core.app.NotificationCompat
import androidx.core.app.NotificationManagerCompat
import org.jinlin.core.RequestView
import org.jinlin.sdk.Jinlin
import org.jinlin.sdk.headline
import org.jinlin.sdk.urgentAlerts

/**
 * Urgent requests from neighbours as full-screen, time-sensitive notifications: a high-importance
 * channel that rings like a call, and a full-screen intent that opens [UrgentAlertActivity] over
 * the lock screen ("I'm coming" / "I can't"). Shown only when the phone allows notifications; the
 * app asks for them when the person first raises or volunteers.
 */
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
        channel.setSound(
            RingtoneManager.getDefaultUri(RingtoneManager.TYPE_RINGTONE),
            AudioAttributes.Builder().setUsage(AudioAttributes.USAGE_NOTIFICATION_RINGTONE).build(),
        )
        channel.lockscreenVisibility = NotificationCompat.VISIBILITY_PUBLIC
        context.getSystemService(NotificationManager::class.java).createNotificationChannel(channel)
    }

    /** Shows one notification per urgent request, for as long as the process lives. */
    suspend fun notifyEach(context: Context, jinlin: Jinlin) {
        jinlin.urgentAlerts().collect { show(context, it) }
    }

    /** The alert for [request], opening its full screen. */
    fun show(context: Context, request: RequestView) {
        if (!AppNotificationPermission(context).granted()) return
        val screen = PendingIntent.getActivity(
            context,
            request.id.hashCode(),
            UrgentAlertActivity.intent(context, request.id),
            PendingIntent.FLAG_IMMUTABLE or PendingIntent.FLAG_UPDATE_CURRENT,
        )
        val where = listOfNotNull(request.place.building, request.place.unit).joinToString("-")
        val title = if (where.isEmpty()) request.requester.name else context.getString(R.string.urgent_title, request.requester.name, where)
        val notification = NotificationCompat.Builder(context, CHANNEL)
            .setSmallIcon(android.R.drawable.stat_notify_error)
            .setContentTitle(title)
            .setContentText(request.headline(ResourceMessages(context.resources)))
            .setPriority(NotificationCompat.PRIORITY_MAX)
            .setCategory(NotificationCompat.CATEGORY_CALL)
            .setVisibility(NotificationCompat.VISIBILITY_PUBLIC)
            .setContentIntent(screen)
            // Over the lock screen at once; Android 14+ allows it only for apps the person lets
            // use full-screen intents (Settings), and otherwise shows a heads-up notification.
            .setFullScreenIntent(screen, true)
            .setAutoCancel(true)
            .build()
        NotificationManagerCompat.from(context).notify(request.id.hashCode(), notification)
    }

    /** Takes the alert for [requestId] off the notification shade once answered. */
    fun clear(context: Context, requestId: String) {
        NotificationManagerCompat.from(context).cancel(requestId.hashCode())
    }
}
