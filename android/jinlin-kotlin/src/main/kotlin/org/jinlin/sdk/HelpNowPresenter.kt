package org.jinlin.sdk

import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import org.jinlin.core.AlertReceiptsView
import org.jinlin.core.GroupView
import org.jinlin.core.IdentityView
import org.jinlin.core.JinlinException
import org.jinlin.core.Location
import org.jinlin.core.RequestKind
import org.jinlin.core.RequestView
import org.jinlin.core.SmsDraft
import org.jinlin.core.Status

/** Done or cancelled: nothing more happens to it. */
internal fun Status.isFinal(): Boolean = this == Status.DONE || this == Status.CANCELLED

/** Where the phone is now, if the person allowed the app to know; null when not (or unknown). */
fun interface Whereabouts {
    suspend fun position(): Location?
}

/** What the "help now" screen shows. Words come from the app's strings; this is only data. */
data class HelpNowState(
    /** The first read is done: until then the screen shows neither the button nor the join form. */
    val loaded: Boolean = false,
    /** This phone's member, null before joining. */
    val me: IdentityView? = null,
    /** Where the one tap raises: her own building, else estate, else community. */
    val group: GroupView? = null,
    /** Her latest request that is not done or cancelled. */
    val request: RequestView? = null,
    /** How her urgent request stands: alerted · seen · coming (needs the relay). */
    val receipts: AlertReceiptsView? = null,
    /** The text message to send herself, once her urgent request has not gone out for 20 s. */
    val smsDraft: SmsDraft? = null,
    /** The relay could not be reached just now: what she did waits on the phone and goes with the first link. */
    val offline: Boolean = false,
    /** Explain why notifications matter and ask for them (she has just raised and has not allowed them). */
    val askNotifications: Boolean = false,
    /** What went wrong with the last action. */
    val error: JinlinException? = null,
) {
    /** The phone has joined a group: show the big button, not the join form. */
    val joined: Boolean get() = me != null && group != null
}

/** What the screen asks for. */
sealed interface HelpNowEvent {
    /** Read who she is, her group and her request again. */
    data object Load : HelpNowEvent

    /** The one tap: an urgent "take me to hospital" from her home, sent at once; again while it is open, nothing new. */
    data object TakeMeToHospital : HelpNowEvent

    /** Cancel her open request (she is fine after all, or help came another way). */
    data object Cancel : HelpNowEvent

    /** Read the receipts and, while it has not gone out, the text message to send. */
    data object Refresh : HelpNowEvent

    /** The notification question was put to her (whatever she answered): do not ask again. */
    data object NotificationsAsked : HelpNowEvent

    /** First use: register under [name] at home ([building], [unit]) and join with [code]. */
    data class Join(val name: String, val building: String, val unit: String, val code: String) : HelpNowEvent
}

/**
 * The "help now" screen: one tap raises an urgent ride to hospital in her own building (else
 * estate, else community) with her home's building and unit and, when allowed, where the phone
 * is ([whereabouts]); then "alerted · seen · coming" and a cancel. Right after her first
 * request, if the phone may not show notifications, it asks her ([notifications]), so she hears
 * who is coming. The request carries no sentence: its kind, urgency and place are its words,
 * and every reader's phone says them in the reader's own language ([headline]). [run] keeps the
 * state current while the screen is shown.
 */
class HelpNowPresenter(
    private val jinlin: Jinlin,
    private val whereabouts: Whereabouts = Whereabouts { null },
    private val notifications: NotificationPermission = NotificationsAllowed,
    private val refreshEvery: java.time.Duration = java.time.Duration.ofSeconds(2),
) : Presenter<HelpNowState>(HelpNowState()) {
    override fun HelpNowState.withError(error: JinlinException?) = copy(error = error)

    /** Handles one event; failures become [HelpNowState.error], never a crash. */
    suspend fun handle(event: HelpNowEvent) = attempt {
        when (event) {
            HelpNowEvent.Load -> load()
            HelpNowEvent.TakeMeToHospital -> takeMeToHospital()
            HelpNowEvent.Cancel -> cancel()
            HelpNowEvent.Refresh -> refresh()
            HelpNowEvent.NotificationsAsked -> update { it.copy(askNotifications = false) }
            is HelpNowEvent.Join -> join(event)
        }
    }

    /** While collected: her request follows every change, and its receipts are read every few seconds. */
    suspend fun run() = coroutineScope {
        handle(HelpNowEvent.Load)
        launch { jinlin.requests().collect { all -> update { it.copy(request = mine(all, it.me)) } } }
        while (true) {
            handle(HelpNowEvent.Refresh)
            // At least a tenth of a second: a zero or negative interval would spin.
            delay(refreshEvery.toMillis().coerceAtLeast(100))
        }
    }

    private fun mine(all: List<RequestView>, me: IdentityView?): RequestView? =
        if (me == null) null else all.firstOrNull { it.raisedBy.memberId == me.memberId && !it.status.isFinal() }

    private suspend fun load() {
        val me = jinlin.identity()
        val group = jinlin.ownGroup() ?: jinlin.groups().firstOrNull()
        val request = mine(jinlin.list(), me)
        update { it.copy(loaded = true, me = me, group = group, request = request) }
    }

    private suspend fun takeMeToHospital() {
        // A second tap (a shaking hand, or "is it working?") while her request is open raises
        // nothing new: it sends the one she has again.
        if (state.value.request?.urgent == true) return refresh()
        val me = state.value.me ?: jinlin.identity() ?: throw JinlinException.NotRegistered()
        val group = state.value.group ?: jinlin.ownGroup() ?: throw JinlinException.NotRegistered()
        val here = whereabouts.position()
        val raised = jinlin.raise(
            group.id,
            RequestKind.HOSPITAL,
            urgent = true,
            building = me.building,
            unit = me.unit,
            lat = here?.lat,
            lon = here?.lon,
        )
        // The request is saved before anything is asked: nothing stands between her and help.
        update { it.copy(request = raised, receipts = null, smsDraft = null, askNotifications = notifications.worthAsking()) }
        refresh()
    }

    private suspend fun cancel() {
        val request = state.value.request ?: return
        jinlin.cancel(request.id)
        val sent = jinlin.sendNow()
        update { it.copy(request = null, receipts = null, smsDraft = null, offline = !sent) }
    }

    private suspend fun refresh() {
        val shown = state.value.request ?: return
        // Sending first: a request still on the phone goes out, and the line-up of who is
        // coming is brought in; receipts exist only at the relay. A request that is not urgent
        // and already out waits for the live connection instead.
        val sent = if (shown.urgent || state.value.offline) jinlin.sendNow() else true
        val request = jinlin.show(shown.id)
        if (request.status.isFinal()) {
            update { it.copy(request = null, receipts = null, smsDraft = null, offline = !sent) }
            return
        }
        val receipts = if (sent && request.urgent) receipts(request.id) else null
        val draft = if (request.urgent) jinlin.smsFallback(request.id) else null
        // Offline the last receipts read stay on the screen.
        update { it.copy(request = request, receipts = receipts ?: it.receipts, smsDraft = draft, offline = !sent) }
    }

    /** The receipts, or null when the link dropped since the sync. */
    private suspend fun receipts(requestId: String): AlertReceiptsView? =
        try {
            jinlin.alertReceipts(requestId)
        } catch (e: JinlinException.Offline) {
            null
        }

    private suspend fun join(event: HelpNowEvent.Join) {
        val building = event.building.trim().ifEmpty { null }
        val unit = event.unit.trim().ifEmpty { null }
        if (jinlin.identity() == null) jinlin.register(event.name.trim(), building, unit)
        jinlin.join(event.code.trim(), building, unit)
        load()
    }
}
