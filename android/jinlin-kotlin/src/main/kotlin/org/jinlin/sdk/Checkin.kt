package org.jinlin.sdk

import java.time.Duration
import java.time.Instant
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.awaitClose
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.buffer
import kotlinx.coroutines.flow.callbackFlow
import org.jinlin.core.CheckinAlertListener
import org.jinlin.core.CheckinAlertView
import org.jinlin.core.CheckinAnswer
import org.jinlin.core.CheckinResult
import org.jinlin.core.LifelineView
import org.jinlin.core.NewPairingRecord
import org.jinlin.core.PairingRecord

/*
 * Paired neighbours (结对) and the daily "I'm fine" (我很好). The tap works offline (kept on the
 * phone, sent on the first link) and so does the lifeline (as last seen); the other calls need
 * the relay and throw `JinlinException.Offline` without it, changing nothing.
 */

/** "I'm fine" for today. */
suspend fun Jinlin.checkIn(): CheckinResult = client.checkIn()

/** The pairings this member may see: hers, those she is paired into, those she looks after. */
suspend fun Jinlin.pairings(): List<PairingRecord> = client.pairings()

/** Pairs someone living alone with 1 to 3 neighbours (staff, grid workers). */
suspend fun Jinlin.createPairing(pairing: NewPairingRecord): PairingRecord = client.createPairing(pairing)

/** Accepts this member's side of a pairing. */
suspend fun Jinlin.acceptPairing(pairingId: String): PairingRecord = client.acceptPairing(pairingId)

/** Her daily deadline, "HH:MM", and the grace after it (whole minutes). */
suspend fun Jinlin.setCheckinDeadline(pairingId: String, deadline: String, grace: Duration? = null): PairingRecord =
    client.setCheckinDeadline(pairingId, deadline, grace)

/** No check-in expected until [until] (travelling, in hospital); null resumes. */
suspend fun Jinlin.pauseCheckins(pairingId: String, until: Instant?): PairingRecord =
    client.pauseCheckins(pairingId, until)

/** Answers an alarm; [CheckinAnswer.NEEDS_HELP] raises the urgent hospital request for her. */
suspend fun Jinlin.answerCheckin(pairingId: String, answer: CheckinAnswer, text: String = ""): PairingRecord =
    client.answerCheckin(pairingId, answer, text)

/** Her paired neighbours' numbers and the texts to send without a link (her own when null). */
suspend fun Jinlin.lifeline(pairingId: String? = null): LifelineView? = client.lifeline(pairingId)

/** What the relay says about missed check-ins. */
sealed interface CheckinAlarm {
    /** Someone paired with this member has not checked in: knock on her door. */
    data class Missed(val alert: CheckinAlertView) : CheckinAlarm

    /** The alarm about [pairingId] is over. */
    data class Over(val pairingId: String) : CheckinAlarm
}

/** Alarms about missed check-ins, as they arrive. */
fun Jinlin.checkinAlarms(): Flow<CheckinAlarm> = callbackFlow {
    val handle = client.subscribeCheckins(object : CheckinAlertListener {
        override fun onMissed(alert: CheckinAlertView) {
            trySend(CheckinAlarm.Missed(alert))
        }

        override fun onOver(pairingId: String) {
            trySend(CheckinAlarm.Over(pairingId))
        }
    })
    awaitClose {
        handle.cancel()
        handle.close()
    }
}.buffer(Channel.UNLIMITED)
