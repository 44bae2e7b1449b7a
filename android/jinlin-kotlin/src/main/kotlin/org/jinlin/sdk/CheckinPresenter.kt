package org.jinlin.sdk

import java.time.Instant
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
    /** What went wrong with the last action ([JinlinException.Offline]: the relay could not be reached). */
    val error: JinlinException? = null,
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

    /** Pause until [until] (travelling, in hospital). */
    data class Pause(val until: Instant) : CheckinEvent

    /** Resume after a pause. */
    data object Resume : CheckinEvent
}

/**
 * The "I'm fine" screen of a person living alone (or of the proxy phone answering for her):
 * events in, [state] out; Compose only renders it. Tested on the JVM against a real relay.
 */
class CheckinPresenter(private val jinlin: Jinlin) : Presenter<CheckinState>(CheckinState()) {
    override fun CheckinState.withError(error: JinlinException?) = copy(error = error)

    /** Handles one event; failures become [CheckinState.error], never a crash. */
    suspend fun handle(event: CheckinEvent) = attempt {
        when (event) {
            CheckinEvent.Load -> load()
            CheckinEvent.Fine -> {
                val r = jinlin.checkIn()
                val tap = when {
                    !r.sent -> CheckinState.Tap.KEPT
                    r.tooLate > 0 -> CheckinState.Tap.TOO_LATE
                    else -> CheckinState.Tap.COUNTED
                }
                update { it.copy(tap = tap) }
                if (r.sent) load()
            }
            is CheckinEvent.Pause -> pause(event.until)
            CheckinEvent.Resume -> pause(null)
        }
    }

    private suspend fun load() {
        val lifeline = jinlin.lifeline()
        val pairing = jinlin.pairings().firstOrNull { it.id == lifeline?.pairingId }
        update { it.copy(pairing = pairing, lifeline = lifeline) }
    }

    private suspend fun pause(until: Instant?) {
        val id = state.value.pairing?.id ?: return
        val p = jinlin.pauseCheckins(id, until)
        update { it.copy(pairing = p) }
    }
}
