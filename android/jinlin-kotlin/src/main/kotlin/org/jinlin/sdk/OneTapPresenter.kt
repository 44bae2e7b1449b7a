package org.jinlin.sdk

import org.jinlin.core.JinlinException

/** How a one-tap call for help stands, as the widget, the shortcut's screen and the iOS widget show it. */
enum class OneTapStage {
    /** The phone has not joined a group yet: open the app first. */
    NOT_JOINED,

    /** Nothing open: the button raises "take me to hospital". */
    READY,

    /** Raised, kept on the phone, not out yet (no link): it goes with the first one. */
    SENDING,

    /** Neighbours were alerted; none has looked yet. */
    ALERTED,

    /** At least one neighbour saw it; nobody is coming yet. */
    SEEN,

    /** At least one neighbour is coming. */
    COMING,
}

/** What a one-tap entry shows: a stage and its counts, in large type. Words come from the app. */
data class OneTapState(
    val stage: OneTapStage = OneTapStage.READY,
    val alerted: Int = 0,
    val seen: Int = 0,
    val coming: Int = 0,
    /** The open request, for the cancel. */
    val requestId: String? = null,
    /** She cancelled it just now. */
    val cancelled: Boolean = false,
    /** What went wrong with the last action. */
    val error: JinlinException? = null,
)

/** The one-tap stage of the "help now" state: the receipts read as alerted · seen · coming. */
fun HelpNowState.oneTap(cancelled: Boolean = false): OneTapState {
    val r = receipts
    val stage = when {
        !joined -> OneTapStage.NOT_JOINED
        request == null -> OneTapStage.READY
        offline || r == null -> OneTapStage.SENDING
        r.coming > 0 -> OneTapStage.COMING
        r.seen > 0 -> OneTapStage.SEEN
        else -> OneTapStage.ALERTED
    }
    return OneTapState(
        stage = stage,
        alerted = r?.alerted ?: 0,
        seen = r?.seen ?: 0,
        coming = r?.coming ?: 0,
        requestId = request?.id,
        cancelled = cancelled && request == null,
        error = error,
    )
}

/** What a one-tap entry asks for. */
sealed interface OneTapEvent {
    /** The widget's or the shortcut's tap: "take me to hospital", at once, from her home (and where she is, when allowed). */
    data object Tap : OneTapEvent

    /** Read how it stands again. */
    data object Refresh : OneTapEvent

    /** Cancel her open request. */
    data object Cancel : OneTapEvent
}

/**
 * The one-tap entries (the home-screen widget, the app shortcut, on iOS the widget and the App
 * Intent): one tap raises the same urgent ride as the "help now" button, with her saved home
 * and, when allowed, where the phone is; then large "alerted · seen · coming" and a cancel.
 * The rules are [HelpNowPresenter]'s (a second tap raises nothing new); this gives them the
 * widget's few words.
 */
class OneTapPresenter(
    jinlin: Jinlin,
    whereabouts: Whereabouts = Whereabouts { null },
) : Presenter<OneTapState>(OneTapState()) {
    private val help = HelpNowPresenter(jinlin, whereabouts)

    override fun OneTapState.withError(error: JinlinException?) = copy(error = error)

    /** Handles one event; failures become [OneTapState.error], never a crash. */
    suspend fun handle(event: OneTapEvent): OneTapState {
        help.handle(HelpNowEvent.Load)
        when (event) {
            OneTapEvent.Tap -> help.handle(HelpNowEvent.TakeMeToHospital)
            OneTapEvent.Refresh -> help.handle(HelpNowEvent.Refresh)
            OneTapEvent.Cancel -> help.handle(HelpNowEvent.Cancel)
        }
        update { help.state.value.oneTap(cancelled = event == OneTapEvent.Cancel) }
        return state.value
    }
}
