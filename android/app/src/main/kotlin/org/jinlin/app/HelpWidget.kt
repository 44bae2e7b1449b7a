package org.jinlin.app

import android.app.PendingIntent
import android.appwidget.AppWidgetManager
import android.appwidget.AppWidgetProvider
import android.content.ComponentName
import android.content.Context
import android.content.Intent
import android.view.View
import android.widget.RemoteViews
import org.jinlin.sdk.OneTapStage
import org.jinlin.sdk.OneTapState

/**
 * The home-screen widget (RemoteViews, no Glance): one large "送我去医院" button that opens
 * [OneTapActivity], which raises at once; below it, in large type, how it stands and a cancel
 * while a request is open. Both buttons carry a TalkBack description.
 */
class HelpWidget : AppWidgetProvider() {
    override fun onUpdate(context: Context, manager: AppWidgetManager, ids: IntArray) {
        manager.updateAppWidget(ids, views(context, OneTapMemory.load(context)))
    }

    companion object {
        /** Saves [state] and draws it on every widget of the app. */
        fun show(context: Context, state: OneTapState) {
            OneTapMemory.save(context, state)
            val manager = AppWidgetManager.getInstance(context)
            val ids = manager.getAppWidgetIds(ComponentName(context, HelpWidget::class.java))
            if (ids.isNotEmpty()) manager.updateAppWidget(ids, views(context, state))
        }

        private fun views(context: Context, state: OneTapState): RemoteViews {
            val res = context.resources
            val open = state.requestId != null || state.stage in setOf(OneTapStage.SENDING, OneTapStage.ALERTED, OneTapStage.SEEN, OneTapStage.COMING)
            return RemoteViews(context.packageName, R.layout.widget_help).apply {
                setTextViewText(R.id.widget_status, state.words(res))
                setContentDescription(R.id.widget_help, res.getString(R.string.help_button_description))
                setContentDescription(R.id.widget_cancel, res.getString(R.string.onetap_cancel_description))
                setOnClickPendingIntent(R.id.widget_help, intent(context, OneTapActivity.TAKE_ME_TO_HOSPITAL, 1))
                setOnClickPendingIntent(R.id.widget_cancel, intent(context, OneTapActivity.CANCEL, 2))
                setViewVisibility(R.id.widget_cancel, if (open) View.VISIBLE else View.GONE)
            }
        }

        private fun intent(context: Context, action: String, code: Int): PendingIntent =
            PendingIntent.getActivity(
                context,
                code,
                Intent(context, OneTapActivity::class.java).setAction(action).addFlags(Intent.FLAG_ACTIVITY_NEW_TASK),
                PendingIntent.FLAG_IMMUTABLE or PendingIntent.FLAG_UPDATE_CURRENT,
            )
    }
}
