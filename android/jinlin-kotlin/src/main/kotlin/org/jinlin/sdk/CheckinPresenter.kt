package org.jinlin.sdk

import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import org.jinlin.core.JinlinException
import org.jinlin.core.LifelineView
import org.jinlin.core.PairingRecord

/** What the "I'm fine" screen shows. Words come from the app's resources; this is only data. */
data class CheckinState(
    /** Her own pairing, or null if nobody is paired with her yet. */
    val pairing: PairingRecord? = null,
    /** Her paired neighbours' numbers and the texts to send without a link. */
    val lifeline: LifelineView? = null,
    /** The last tap: null before any. */
    val tap: Tap? = null,
    /** The relay could not be reached for the last action. */
    val offline: Boolean = false,
    /** A refusal a person can act on, from the last action. */
    val error: String? = null,
) {
    /** What a tap did. */
    enum class Tap {
        /** The relay has it: counted for today. */
        COUNTED,
        /** Kept on the phone; goes with the first link. Offer the text to the first neighbour. */
        KEPT,
        /** Too late for the day it was made: a neighbour is already on the way. */
        TOO_LATE,
    }
}

/** What the screen asks for. */
sealed interface CheckinEvent {
    /** Read her pairing and lifeline again. */
    data object Load : CheckinEvent

    /** "I'm fine" (我很好). */
    data object Fine : CheckinEvent

    /** Pause until [untilMs] (travelling, in hospital). */
    data class Pause(val untilMs: Long) : CheckinEvent

    /** Resume after a pause. */
    data object Resume : CheckinEvent
}

/**
 * The "I'm fine" screen of a person living alone (or of the proxy phone answering for her):
 * events in, [state] out; Compose only renders it. Tested on the JVM against a real relay.
 */
class CheckinPresenter(private val jinlin: Jinlin) {
    private val mutable = MutableStateFlow(CheckinState())

    /** The screen's state. */
    val state: StateFlow<CheckinState> = mutable.asStateFlow()

    /** Handles one event; failures become [CheckinState.error], never a crash. */
    suspend fun handle(event: CheckinEvent) {
        try {
            when (event) {
                CheckinEvent.Load -> load()
                CheckinEvent.Fine -> {
                    val r = jinlin.checkIn()
                    val tap = when {
                        !r.sent -> CheckinState.Tap.KEPT
                        r.tooLate > 0u -> CheckinState.Tap.TOO_LATE
                        else -> CheckinState.Tap.COUNTED
                    }
                    mutable.update { it.copy(tap = tap, error = null) }
                    if (r.sent) load()
                }
                is CheckinEvent.Pause -> pause(event.untilMs)
                CheckinEvent.Resume -> pause(null)
            }
        } catch (e: JinlinException) {
            mutable.update { it.copy(error = e.message, offline = e is JinlinException.Offline) }
        }
    }

    private suspend fun load() {
        val lifeline = jinlin.lifeline()
        val pairing = jinlin.pairings().firstOrNull { it.id == lifeline?.pairingId }
        mutable.update { it.copy(pairing = pairing, lifeline = lifeline, offline = false, error = null) }
    }

    private suspend fun pause(untilMs: Long?) {
        val id = state.value.pairing?.id ?: return
        val p = jinlin.pauseCheckins(id, untilMs)
        mutable.update { it.copy(pairing = p, error = null) }
    }
}
