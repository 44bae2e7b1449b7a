package org.jinlin.sdk

import org.jinlin.core.JinlinException
import org.jinlin.core.RequestView
import org.jinlin.core.SignupState

/** One request on the nearby screen, with this member's place on it (null: not signed up). */
data class NearbyItem(val request: RequestView, val mine: SignupState?)

/** What the "nearby" screen shows. Words come from the app's strings; this is only data. */
data class NearbyState(
    /** Open requests near this member that it has not declined: urgent first, then nearest. */
    val items: List<NearbyItem> = emptyList(),
    /** The relay could not be reached just now: the last answer waits on the phone. */
    val offline: Boolean = false,
    /** Explain why notifications matter and ask for them (he has just volunteered and has not allowed them). */
    val askNotifications: Boolean = false,
    /** What went wrong with the last action. */
    val error: JinlinException? = null,
)

/** What the screen asks for. */
sealed interface NearbyEvent {
    /** Read the list again. */
    data object Load : NearbyEvent

    /** "I can help": signs up, tentative until the relay has seen it. */
    data class Accept(val requestId: String) : NearbyEvent

    /** "Not now": hides the request from this phone's list. */
    data class Decline(val requestId: String) : NearbyEvent

    /** "I can't after all": withdraws the sign-up; the first on standby moves up. */
    data class Withdraw(val requestId: String) : NearbyEvent

    /** The notification question was put to him (whatever he answered): do not ask again. */
    data object NotificationsAsked : NearbyEvent
}

/**
 * Requests from neighbours near this member, each with "I can help" and "Not now". An answer
 * is saved on the phone at once and sent straight away (or with the first link). After his first
 * "I can help", if the phone may not show notifications, it asks him ([notifications]), so he
 * hears when he is confirmed and when someone nearby needs help. [run] keeps the list current
 * while the screen is shown.
 */
class NearbyPresenter(
    private val jinlin: Jinlin,
    private val notifications: NotificationPermission = NotificationsAllowed,
) : Presenter<NearbyState>(NearbyState()) {
    override fun NearbyState.withError(error: JinlinException?) = copy(error = error)

    /** Handles one event; failures become [NearbyState.error], never a crash. */
    suspend fun handle(event: NearbyEvent) = attempt {
        when (event) {
            NearbyEvent.Load -> show(jinlin.nearby())
            is NearbyEvent.Accept -> {
                answer { jinlin.accept(event.requestId) }
                update { it.copy(askNotifications = notifications.worthAsking()) }
            }
            is NearbyEvent.Decline -> answer { jinlin.decline(event.requestId) }
            is NearbyEvent.Withdraw -> answer { jinlin.withdraw(event.requestId) }
            NearbyEvent.NotificationsAsked -> update { it.copy(askNotifications = false) }
        }
    }

    /** While collected, the list follows every change on the phone or from the relay. */
    suspend fun run() = jinlin.nearbyRequests().collect { attempt { show(it) } }

    private suspend fun show(requests: List<RequestView>) {
        val me = jinlin.identity()?.memberId
        val items = requests.map { r -> NearbyItem(r, r.signups.firstOrNull { it.memberId == me }?.state) }
        update { it.copy(items = items) }
    }

    private suspend fun answer(action: suspend () -> Unit) {
        action()
        val sent = jinlin.sendNow()
        update { it.copy(offline = !sent) }
        show(jinlin.nearby())
    }
}
