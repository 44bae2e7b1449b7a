package org.jinlin.sdk

import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import org.jinlin.core.JinlinException

/**
 * What every screen's presenter shares: one immutable state, published as a [StateFlow] for the
 * screen to render, and the rule that a failed action becomes the state's error (the screen
 * says it in the phone's language) instead of a crash. Presenters use no Android API, so they
 * are tested on the JVM against a real relay.
 */
abstract class Presenter<S>(initial: S) {
    private val mutable = MutableStateFlow(initial)

    /** The screen's state. */
    val state: StateFlow<S> = mutable.asStateFlow()

    /** [state] with [error] as its error (null: the last action went well). */
    protected abstract fun S.withError(error: JinlinException?): S

    /** Changes the state atomically. */
    protected fun update(change: (S) -> S) = mutable.update(change)

    /**
     * Runs one action: on success the error clears, and a [JinlinException] becomes the state's
     * error, leaving the rest of the state as it was.
     */
    protected suspend fun attempt(action: suspend () -> Unit) {
        try {
            action()
            update { it.withError(null) }
        } catch (e: JinlinException) {
            update { it.withError(e) }
        }
    }
}

/**
 * Sends what this phone did now. Returns false when the relay cannot be reached: the change is
 * kept on the phone and leaves with the next sync (background sync, or the network returning).
 * Any other refusal is thrown.
 */
suspend fun Jinlin.sendNow(): Boolean =
    try {
        sync()
        true
    } catch (e: JinlinException.Offline) {
        false
    }
