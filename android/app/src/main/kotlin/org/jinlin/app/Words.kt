package org.jinlin.app

import android.content.res.Resources
import androidx.annotation.StringRes
import org.jinlin.core.AlertReceiptsView
import org.jinlin.core.JinlinException
import org.jinlin.core.RequestKind
import org.jinlin.core.RiskTier
import org.jinlin.core.SignupState
import org.jinlin.core.Status
import org.jinlin.core.VisitOutcome
import org.jinlin.sdk.widening

/*
 * The words a person reads for the core's vocabularies, from string resources (Chinese by
 * default, English in values-en): a request's kind and status, a helper's place on a request, a
 * household's care level, how a visit went, an urgent request's receipts and what went wrong.
 * Screens show these, never an enum's name.
 */

@StringRes
fun RequestKind.label(): Int = when (this) {
    RequestKind.HOSPITAL -> R.string.kind_hospital
    RequestKind.ERRAND -> R.string.kind_errand
    RequestKind.REPAIR -> R.string.kind_repair
    RequestKind.COMPANIONSHIP -> R.string.kind_companionship
    RequestKind.LEGAL -> R.string.kind_legal
    RequestKind.OTHER -> R.string.kind_other
}

@StringRes
fun Status.label(): Int = when (this) {
    Status.OPEN -> R.string.status_open
    Status.IN_PROGRESS -> R.string.status_in_progress
    Status.DONE -> R.string.status_done
    Status.CANCELLED -> R.string.status_cancelled
}

@StringRes
fun SignupState.label(): Int = when (this) {
    SignupState.CONFIRMED -> R.string.signup_confirmed
    SignupState.STANDBY -> R.string.signup_standby
    SignupState.TENTATIVE -> R.string.signup_tentative
}

@StringRes
fun RiskTier.label(): Int = when (this) {
    RiskTier.RED -> R.string.tier_red
    RiskTier.YELLOW -> R.string.tier_yellow
    RiskTier.BLUE -> R.string.tier_blue
}

@StringRes
fun VisitOutcome.label(): Int = when (this) {
    VisitOutcome.MET -> R.string.outcome_met
    VisitOutcome.NOT_HOME -> R.string.outcome_not_home
    VisitOutcome.REFUSED -> R.string.outcome_refused
}

/**
 * The one line a requester reads about her urgent request ("已通知 8 位邻居 · 5 位已看到 · 2 位正在赶来"),
 * led by the wave once the alert has widened, or reopened because someone who was coming withdrew.
 */
fun AlertReceiptsView.line(res: Resources): String {
    val counts = listOf(
        res.getQuantityString(R.plurals.receipts_alerted, alerted.toInt(), alerted.toInt()),
        res.getQuantityString(R.plurals.receipts_seen, seen.toInt(), seen.toInt()),
        res.getQuantityString(R.plurals.receipts_coming, coming.toInt(), coming.toInt()),
    ).joinToString(" · ")
    return if (widening) res.getString(R.string.receipts_wave, wave.toInt()) + " · " + counts else counts
}

/**
 * What went wrong, in the phone's language. Failures a person can act on get their own words;
 * the rest carry the core's explanation (in English) in brackets, for whoever helps her.
 */
fun JinlinException.words(res: Resources): String = when (this) {
    is JinlinException.Offline -> res.getString(R.string.error_offline)
    is JinlinException.NotRegistered -> res.getString(R.string.error_not_registered)
    is JinlinException.RequestFinal -> res.getString(R.string.error_request_final)
    is JinlinException.NotFound -> res.getString(R.string.error_not_found)
    is JinlinException.UpdateRequired -> res.getString(R.string.error_update)
    is JinlinException.NotAllowed -> res.getString(R.string.error_not_allowed, message.orEmpty())
    is JinlinException.InvalidInput -> res.getString(R.string.error_invalid, message.orEmpty())
    else -> res.getString(R.string.error_other, message.orEmpty())
}
