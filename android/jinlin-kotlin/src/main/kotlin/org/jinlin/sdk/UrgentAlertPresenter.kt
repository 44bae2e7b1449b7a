package org.jinlin.sdk

import org.jinlin.core.JinlinException
import org.jinlin.core.RequestView
import org.jinlin.core.SignupState

/** What the urgent alert screen shows. Words come from the app's strings; this is only data. */
data class UrgentAlertState(
    /** The alert on screen: a neighbour's urgent request, as last read. Null: none. */
    val alert: RequestView? = null,
    /** Alerts that came after it, oldest first; each is shown once the one before is answered. */
    val next: List<RequestView> = emptyList(),
    /** This member's place on the alert's request once answered (tentative until the relay has it). */
    val mine: SignupState? = null,
    /** The relay could not be reached just now: the answer waits on the phone. */
    val offline: Boolean = false,
    /** Every alert shown was answered or closed, and none waits: close the screen. */
    val finished: Boolean = false,
    /** What went wrong with the last action. */
    val error: JinlinException? = null,
)

/** What the screen asks for. */
sealed interface UrgentAlertEvent {
    /** Show the alert a notification was tapped for. */
    data class Open(val requestId: String) : UrgentAlertEvent

    /** An alert arrived (from [Jinlin.urgentAlerts]). */
    data class Arrived(val request: RequestView) : UrgentAlertEvent

    /** "I'm coming": signs up and sends it at once. */
    data object Accept : UrgentAlertEvent

    /** "I can't": passes the alert to the next nearest neighbour at once, and shows the next alert. */
    data object Decline : UrgentAlertEvent

    /** Close the alert (after answering it), showing the next one if any. */
    data object Dismiss : UrgentAlertEvent
}

/**
 * A neighbour's urgent request, full screen: who, where, what; "I'm coming" and "I can't". The
 * requester is told the alert was seen as soon as it is on screen. [run] adds alerts as they
 * arrive while the app runs.
 */
class UrgentAlertPresenter(private val jinlin: Jinlin) : Presenter<UrgentAlertState>(UrgentAlertState()) {
    override fun UrgentAlertState.withError(error: JinlinException?) = copy(error = error)

    /** Handles one event; failures become [UrgentAlertState.error], never a crash. */
    suspend fun handle(event: UrgentAlertEvent) = attempt {
        when (event) {
            is UrgentAlertEvent.Open -> arrived(jinlin.show(event.requestId))
            is UrgentAlertEvent.Arrived -> arrived(event.request)
            UrgentAlertEvent.Accept -> answer { jinlin.accept(it) }
            UrgentAlertEvent.Decline -> {
                answer { jinlin.decline(it) }
                dismiss()
            }
            UrgentAlertEvent.Dismiss -> dismiss()
        }
    }

    private suspend fun dismiss() {
        update { it.copy(alert = it.next.firstOrNull(), next = it.next.drop(1), mine = null, finished = it.next.isEmpty()) }
        state.value.alert?.let { seen(it.id) }
    }

    /** While collected, urgent requests from neighbours are added as they arrive. */
    suspend fun run() = jinlin.urgentAlerts().collect { handle(UrgentAlertEvent.Arrived(it)) }

    private suspend fun arrived(request: RequestView) {
        val shown = state.value.alert
        when {
            shown == null || shown.id == request.id -> {
                val mine = mine(request)
                update { it.copy(alert = request, mine = mine, finished = false) }
                seen(request.id)
            }
            state.value.next.none { it.id == request.id } -> update { it.copy(next = it.next + request) }
        }
    }

    private suspend fun mine(request: RequestView): SignupState? {
        val me = jinlin.identity()?.memberId
        return request.signups.firstOrNull { it.memberId == me }?.state
    }

    /** Tells the requester it was seen; without a link she learns it later, so that is no error. */
    private suspend fun seen(requestId: String) {
        try {
            jinlin.alertSeen(requestId)
        } catch (e: JinlinException.Offline) {
            // Nothing to keep: "seen" is a courtesy, the answer is what counts.
        }
    }

    private suspend fun answer(action: suspend (String) -> RequestView) {
        val alert = state.value.alert ?: return
        action(alert.id)
        val sent = jinlin.sendNow()
        val now = jinlin.show(alert.id)
        val mine = mine(now)
        update { it.copy(alert = now, mine = mine, offline = !sent) }
    }
}
