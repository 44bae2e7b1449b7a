package org.jinlin.app

import android.content.Context
import android.content.res.Resources
import org.jinlin.sdk.OneTapStage
import org.jinlin.sdk.OneTapState

/*
 * The one-tap state as words, and kept between the widget's updates: the widget has no process
 * of its own, so the last state the one-tap screen read is saved and drawn again from here.
 */

/** The status line in large type: "已通知 8 位邻居 · 5 位已看到 · 2 位正在赶来", or where it stands. */
fun OneTapState.words(res: Resources): String = when (stage) {
    OneTapStage.NOT_JOINED -> res.getString(R.string.onetap_not_joined)
    OneTapStage.READY -> res.getString(if (cancelled) R.string.onetap_cancelled else R.string.help_button_description)
    OneTapStage.SENDING -> res.getString(R.string.help_alerting)
    OneTapStage.ALERTED, OneTapStage.SEEN, OneTapStage.COMING -> listOf(
        res.getQuantityString(R.plurals.receipts_alerted, alerted, alerted),
        res.getQuantityString(R.plurals.receipts_seen, seen, seen),
        res.getQuantityString(R.plurals.receipts_coming, coming, coming),
    ).joinToString(" · ")
}

/** The last one-tap state, in the app's preferences. */
object OneTapMemory {
    private fun prefs(context: Context) = context.applicationContext.getSharedPreferences("one_tap", Context.MODE_PRIVATE)

    fun save(context: Context, state: OneTapState) {
        prefs(context).edit()
            .putString("stage", state.stage.name)
            .putInt("alerted", state.alerted)
            .putInt("seen", state.seen)
            .putInt("coming", state.coming)
            .putBoolean("cancelled", state.cancelled)
            .apply()
    }

    fun load(context: Context): OneTapState {
        val p = prefs(context)
        val stage = OneTapStage.entries.firstOrNull { it.name == p.getString("stage", null) } ?: OneTapStage.READY
        return OneTapState(stage, p.getInt("alerted", 0), p.getInt("seen", 0), p.getInt("coming", 0), cancelled = p.getBoolean("cancelled", false))
    }
}
