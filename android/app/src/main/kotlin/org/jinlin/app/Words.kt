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
import org.jinlin.sdk.Messages
import org.jinlin.sdk.localized
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
        res.getQuantityString(R.plurals.receipts_alerted, alerted, alerted),
        res.getQuantityString(R.plurals.receipts_seen, seen, seen),
        res.getQuantityString(R.plurals.receipts_coming, coming, coming),
    ).joinToString(" · ")
    return if (widening) res.getString(R.string.receipts_wave, wave) + " · " + counts else counts
}

/**
 * The app's string resources as the library's [Messages]: the core's error keys
 * (`ffi/src/messages.rs`) and a request's standard words (`RequestWords.kt`) named one by one,
 * so each is a resource R8 keeps and `scripts/check-strings.py` sees in use, in both languages.
 */
class ResourceMessages(private val res: Resources) : Messages {
    override fun text(key: String, args: List<String>): String? {
        val id = messageString(key) ?: return null
        return res.getString(id, *args.toTypedArray())
    }
}

@StringRes
private fun messageString(key: String): Int? = when (key) {
    "error_offline" -> R.string.error_offline
    "error_peer" -> R.string.error_peer
    "error_not_allowed" -> R.string.error_not_allowed
    "error_already_signed_up" -> R.string.error_already_signed_up
    "error_no_signup" -> R.string.error_no_signup
    "error_wrong_status" -> R.string.error_wrong_status
    "error_invalid" -> R.string.error_invalid
    "error_empty_text" -> R.string.error_empty_text
    "error_too_long" -> R.string.error_too_long
    "error_voice_too_long" -> R.string.error_voice_too_long
    "error_invalid_slots" -> R.string.error_invalid_slots
    "error_bad_invite_code" -> R.string.error_bad_invite_code
    "error_invite_gone" -> R.string.error_invite_gone
    "error_not_found_request" -> R.string.error_not_found_request
    "error_not_found_group" -> R.string.error_not_found_group
    "error_not_found_invite" -> R.string.error_not_found_invite
    "error_not_found" -> R.string.error_not_found
    "error_not_found_because" -> R.string.error_not_found_because
    "error_request_final_done" -> R.string.error_request_final_done
    "error_request_final_cancelled" -> R.string.error_request_final_cancelled
    "error_not_registered" -> R.string.error_not_registered
    "error_relay" -> R.string.error_relay
    "error_update" -> R.string.error_update
    "error_storage" -> R.string.error_storage
    "error_internal" -> R.string.error_internal
    "standard_hospital" -> R.string.standard_hospital
    "standard_errand" -> R.string.standard_errand
    "standard_repair" -> R.string.standard_repair
    "standard_companionship" -> R.string.standard_companionship
    "standard_legal" -> R.string.standard_legal
    "standard_other" -> R.string.standard_other
    "request_urgent" -> R.string.request_urgent
    "place_building_unit" -> R.string.place_building_unit
    "place_building" -> R.string.place_building
    "place_unit" -> R.string.place_unit
    else -> null
}

/**
 * What went wrong, in the phone's language: the error's own message key with its arguments
 * (see [localized]); a reason the core gives only as free text follows in brackets, for whoever
 * helps her.
 */
fun JinlinException.words(res: Resources): String = localized(ResourceMessages(res))
