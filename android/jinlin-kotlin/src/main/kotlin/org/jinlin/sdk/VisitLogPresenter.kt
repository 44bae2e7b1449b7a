package org.jinlin.sdk

import org.jinlin.core.HouseholdSummary
import org.jinlin.core.JinlinException
import org.jinlin.core.RequestView
import org.jinlin.core.VisitOutcome
import org.jinlin.core.VisitView
import org.jinlin.core.parseDay

/** What the visit log shows. Words come from the app's strings; this is only data. */
data class VisitLogState(
    /** Households due a visit, in walking order (building, floor, unit). */
    val due: List<HouseholdSummary> = emptyList(),
    /** Visits logged, newest first. */
    val visits: List<VisitView> = emptyList(),
    /** Every household this member walks, in walking order, each with its open needs counted. */
    val households: List<HouseholdSummary> = emptyList(),
    /** Visits with a follow-up date and no later visit, soonest first: where to go back. */
    val followUps: List<VisitView> = emptyList(),
    /** The requests this member signed up for and has not finished. */
    val helping: List<RequestView> = emptyList(),
    /** The last visit logged on this screen. */
    val logged: VisitView? = null,
    /** The relay could not be reached just now: the visit is kept on the phone and goes with the first link. */
    val offline: Boolean = false,
    /** What went wrong with the last action. */
    val error: JinlinException? = null,
) {
    /** The member keeps a visit log (grid worker, staff, building leader): show the households. */
    val keepsLog: Boolean get() = households.isNotEmpty() || visits.isNotEmpty()
}

/**
 * Where the worker stood when she logged [this] visit, as the screen writes it: latitude and
 * longitude to five decimals (about a metre), "24.47980, 118.08940"; null when the phone gave
 * no position. The numbers are the same in every language.
 */
val VisitView.position: String?
    get() {
        val (lat, lon) = (lat ?: return null) to (lon ?: return null)
        return String.format(java.util.Locale.ROOT, "%.5f, %.5f", lat, lon)
    }

/**
 * The needs typed at the door, one per line or separated by commas (Chinese or Latin) or the
 * enumeration comma: "大米，浴室扶手" is two needs.
 */
fun needsTyped(typed: String): List<String> =
    typed.split('\n', ',', '，', '、', ';', '；').map { it.trim() }.filter { it.isNotEmpty() }

/** What the screen asks for. */
sealed interface VisitLogEvent {
    /** Read the households, visits and follow-ups again. */
    data object Load : VisitLogEvent

    /**
     * Logs a door-to-door visit: how it went, a note, the needs found (each becomes a need to
     * follow; [needsTyped] splits what was typed) and the date to go back (`YYYY-MM-DD`), if any.
     */
    data class Log(
        val householdId: String,
        val outcome: VisitOutcome,
        val note: String = "",
        val needs: List<String> = emptyList(),
        val followUp: String = "",
    ) : VisitLogEvent
}

/**
 * The visit log of a grid worker (and of staff and building leaders): households due a visit,
 * logging one with the needs found and the day to come back, the visits logged, each household's
 * open needs and the follow-ups due.
 * Every member also sees the requests they are helping with. A visit is saved on the phone at
 * once, offline too, and sent straight away, with where the worker stood when [whereabouts]
 * knows it (never waiting for a fix; without one the visit is logged all the same). [run] keeps
 * the requests current.
 */
class VisitLogPresenter(
    private val jinlin: Jinlin,
    private val limit: Int = 30,
    private val whereabouts: Whereabouts = Whereabouts { null },
) : Presenter<VisitLogState>(VisitLogState()) {
    override fun VisitLogState.withError(error: JinlinException?) = copy(error = error)

    /** Handles one event; failures become [VisitLogState.error], never a crash. */
    suspend fun handle(event: VisitLogEvent) = attempt {
        when (event) {
            VisitLogEvent.Load -> load()
            is VisitLogEvent.Log -> {
                val here = whereabouts.position()
                val visit = jinlin.logVisit(
                    event.householdId,
                    event.outcome,
                    note = event.note.trim().ifEmpty { null },
                    needs = event.needs,
                    followUp = event.followUp.trim().ifEmpty { null }?.let { parseDay(it) },
                    lat = here?.lat,
                    lon = here?.lon,
                )
                val sent = jinlin.sendNow()
                update { it.copy(logged = visit, offline = !sent) }
                load()
            }
        }
    }

    /** While collected, the requests being helped with follow every change. */
    suspend fun run() {
        handle(VisitLogEvent.Load)
        jinlin.followUpRequests().collect { helping -> update { it.copy(helping = helping) } }
    }

    private suspend fun load() {
        val due = jinlin.dueHouseholds()
        val visits = jinlin.visits(limit = limit)
        val households = jinlin.households()
        val followUps = jinlin.visitFollowUps()
        val helping = jinlin.followUps()
        update { it.copy(due = due, visits = visits, households = households, followUps = followUps, helping = helping) }
    }
}
